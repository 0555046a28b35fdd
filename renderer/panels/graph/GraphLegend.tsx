/** What the colours and lines mean; sits in the graph's corner. */
export function GraphLegend() {
  return (
    <div className="glegend" aria-label="Legend">
      <span className="glegend__item">
        <i className="glegend__swatch glegend__swatch--ran" />
        ran
      </span>
      <span className="glegend__item">
        <i className="glegend__swatch glegend__swatch--next" />
        next
      </span>
      <span className="glegend__item">
        <i className="glegend__swatch glegend__swatch--failed" />
        failed
      </span>
      <span className="glegend__item">
        <i className="glegend__swatch glegend__swatch--interrupted" />
        interrupted
      </span>
      <span className="glegend__item">
        <i className="glegend__bp" />
        breakpoint
      </span>
      <span className="glegend__item">
        <svg width="22" height="6" aria-hidden>
          <line x1="0" y1="3" x2="22" y2="3" className="gedge--conditional glegend__line" />
        </svg>
        conditional
      </span>
      <span className="glegend__item">
        <i className="glegend__join">join</i>
        waits for all
      </span>
    </div>
  );
}
