// Test only: gives a forked Node child the parentPort an Electron utility process has, so
// graph-host/child.ts runs in its utility-process mode. Its port is the IPC channel to the test;
// "close" is the test going away.
const port = {
  postMessage: (message) => process.send(message),
  on(event, listener) {
    if (event === "message") process.on("message", (data) => listener({ data }));
    else if (event === "close") process.on("disconnect", listener);
  },
  start() {},
};
process.parentPort = { once: (_event, listener) => setImmediate(() => listener({ ports: [port] })) };
