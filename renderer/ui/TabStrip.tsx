export interface TabItem {
  id: string;
  title: string;
  /** A count or marker after the title, with a tone. */
  badge?: { text: string; tone?: "alert" | "error" } | null;
}

/** A row of tabs (ARIA tablist); the panel below renders the selected one. */
export function TabStrip({ tabs, selected, onSelect, label }: { tabs: TabItem[]; selected: string; onSelect(id: string): void; label: string }) {
  return (
    // The outer box is the size container the row's narrow layout asks about (tab-strip.css).
    <div className="tabs">
      <div className="tabs__row" role="tablist" aria-label={label}>
        {tabs.map((tab) => (
          <button key={tab.id} type="button" role="tab" className="tab" aria-selected={tab.id === selected} data-tab={tab.id} onClick={() => onSelect(tab.id)}>
            {tab.title}
            {tab.badge && <span className={`tab__count${tab.badge.tone ? ` tab__count--${tab.badge.tone}` : ""}`}>{tab.badge.text}</span>}
          </button>
        ))}
      </div>
    </div>
  );
}
