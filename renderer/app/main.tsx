/**
 * Start-up: pick the transport (Electron bridge or web mode with the URL's token), build the typed
 * client and the window's store, wire the event streams, render.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createClient } from "../../core/api/client.ts";
import { connectEvents } from "../store/connect-events.ts";
import { createAppStore } from "../store/create-app-store.ts";
import { StoreProvider } from "../store/StoreProvider.tsx";
import { pickTransport } from "../transport/pick-transport.ts";
import { App } from "./App.tsx";
import { restoreTheme } from "./theme-storage.ts";
import "./theme.css";
import "../ui/ui.css";
import "./app.css";

const { transport, missingToken } = pickTransport(window);
const client = createClient(transport);
const store = createAppStore(client);
restoreTheme(store);
connectEvents(store, client, transport);
void store.getState().start();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App missingToken={missingToken} />
    </StoreProvider>
  </StrictMode>,
);
