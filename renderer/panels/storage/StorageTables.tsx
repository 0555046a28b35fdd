import type { ChannelStorage, ThreadStorage } from "../../../core/api/types.ts";
import { formatCount } from "../../model/format.ts";

/** "12,345 B": bytes with thousands separators. */
export const bytes = (n: number): string => `${formatCount(n)} B`;

/** Bytes per thread, largest first, each with a bar relative to the largest; a click shows its channels. */
export function ThreadBytesTable({ threads, selected, onSelect }: { threads: ThreadStorage[]; selected: string | null; onSelect(threadId: string): void }) {
  const largest = Math.max(1, ...threads.map((thread) => thread.bytes));
  return (
    <table className="storage-table" data-testid="storage-threads">
      <thead>
        <tr>
          <th>Thread</th>
          <th className="num">Checkpoints</th>
          <th className="num">Bytes</th>
          <th aria-hidden />
        </tr>
      </thead>
      <tbody>
        {threads.map((thread) => (
          <tr
            key={thread.threadId}
            className={thread.threadId === selected ? "is-selected" : undefined}
            data-thread={thread.threadId}
            onClick={() => onSelect(thread.threadId)}
            aria-selected={thread.threadId === selected}
          >
            <td className="storage-table__id" title={thread.threadId}>{thread.threadId}</td>
            <td className="num">{formatCount(thread.checkpoints)}</td>
            <td className="num" data-bytes={thread.bytes}>{bytes(thread.bytes)}</td>
            <td className="storage-table__bar">
              <span style={{ width: `${(100 * thread.bytes) / largest}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Bytes per channel, largest first. */
export function ChannelBytesTable({ channels, testId }: { channels: ChannelStorage[]; testId: string }) {
  return (
    <table className="storage-table" data-testid={testId}>
      <thead>
        <tr>
          <th>Channel</th>
          <th className="num">Versions</th>
          <th className="num">Bytes</th>
        </tr>
      </thead>
      <tbody>
        {channels.map((channel) => (
          <tr key={channel.channel} data-channel={channel.channel}>
            <td className="storage-table__id">{channel.channel}</td>
            <td className="num">{formatCount(channel.versions)}</td>
            <td className="num">{bytes(channel.bytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
