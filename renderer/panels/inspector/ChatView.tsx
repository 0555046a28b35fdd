import { useId, useMemo, useState } from "react";
import { chatRows, roleLabel, type ChatRow } from "../../model/messages.ts";
import { Button } from "../../ui/Button.tsx";
import { JsonTree } from "../../ui/JsonTree.tsx";
import "./chat-view.css";

/**
 * A list of LangChain messages as a conversation: role, text, tool calls with their arguments, tool
 * results linked to the call they answer, token usage. The raw JSON is one click away.
 */
export function ChatView({ messages, title, testId = "chat-view" }: { messages: readonly unknown[]; title?: string; testId?: string }) {
  const [raw, setRaw] = useState(false);
  const rows = useMemo(() => chatRows(messages), [messages]);
  const prefix = useId();
  const callAnchor = (row: number) => `${prefix}-msg-${row}`;
  return (
    <section className="chat" data-testid={testId}>
      <div className="chat__toolbar">
        {title && <span className="mono chat__title">{title}</span>}
        <span className="muted">
          {rows.length} {rows.length === 1 ? "message" : "messages"}
        </span>
        <span className="tab-toolbar__spacer" />
        <Button small variant="ghost" onClick={() => setRaw(!raw)} aria-pressed={raw}>
          {raw ? "Show as chat" : "Raw JSON"}
        </Button>
      </div>
      {raw ? (
        <JsonTree value={messages} openDepth={2} testId={`${testId}-raw`} />
      ) : (
        <ol className="chat__list">
          {rows.map((row) => (
            <ChatMessage key={row.index} row={row} anchor={callAnchor(row.index)} answersAnchor={row.answers ? callAnchor(row.answers.index) : null} />
          ))}
        </ol>
      )}
    </section>
  );
}

function ChatMessage({ row, anchor, answersAnchor }: { row: ChatRow; anchor: string; answersAnchor: string | null }) {
  const reveal = () => {
    const target = answersAnchor ? document.getElementById(answersAnchor) : null;
    target?.scrollIntoView({ block: "nearest" });
    target?.classList.add("chat__msg--flash");
    setTimeout(() => target?.classList.remove("chat__msg--flash"), 1200);
  };
  return (
    <li id={anchor} className={`chat__msg chat__msg--${row.role}`} data-role={row.role} data-testid="chat-message">
      <div className="chat__head">
        <span className="chat__role">{roleLabel(row.role)}</span>
        {row.name && <span className="mono muted">{row.name}</span>}
        {row.toolCallId !== null && (
          <span className="chat__answers">
            result of{" "}
            {row.answers ? (
              <button type="button" className="chat__link mono" onClick={reveal} title={`Show the call ${row.toolCallId}`}>
                {row.answers.name} ({row.toolCallId})
              </button>
            ) : (
              <span className="mono">{row.toolCallId}</span>
            )}
          </span>
        )}
        {row.status && <span className="chat__status">{row.status}</span>}
        {row.usage && (
          <span className="chat__usage muted" title="Tokens: input / output / total">
            {row.usage.input ?? "?"} in · {row.usage.output ?? "?"} out · {row.usage.total ?? "?"} tokens
          </span>
        )}
      </div>
      {row.text !== "" && <div className="chat__text">{row.text}</div>}
      {row.blocks.length > 0 && <JsonTree value={row.blocks} openDepth={1} />}
      {row.toolCalls.map((call) => (
        <div key={call.id} className="chat__call" data-call-id={call.id} data-testid="chat-tool-call">
          <div className="chat__call-head">
            <span className="muted">calls</span> <span className="mono">{call.name}</span> <span className="muted mono chat__call-id">{call.id}</span>
          </div>
          <JsonTree value={call.args} openDepth={2} />
        </div>
      ))}
      {row.text === "" && row.blocks.length === 0 && row.toolCalls.length === 0 && <div className="muted">(empty)</div>}
    </li>
  );
}
