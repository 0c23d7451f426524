'use client';
// The status bar's autocomplete item: on or off (the workspace's tandem.json, or this person's
// click, remembered in this browser), the model (marked when simulated) and the last suggestion's
// keystroke → ghost text time. A click turns it off or on for this person.
import { toggleAutocomplete, useCompleteStore } from '../../lib/client/complete/completeStore';

export function AutocompleteStatus() {
  const { info, off, lastLatencyMs, requests } = useCompleteStore();
  if (!info) return null;
  const on = info.enabled && !off;
  const model = `${info.model}${info.simulated ? ' (simulated)' : ''}`;
  const why = !info.enabled
    ? 'turned off for this workspace in tandem.json'
    : off
      ? 'click to turn on'
      : 'click to turn off';
  return (
    <button
      type="button"
      className={`autocomplete-status autocomplete-${on ? 'on' : 'off'}`}
      data-testid="autocomplete-status"
      data-state={on ? 'on' : 'off'}
      data-requests={requests}
      data-ms={lastLatencyMs === null ? '' : lastLatencyMs.toFixed(2)}
      title={`Autocomplete ${on ? 'on' : 'off'}: ${model} at ${info.host} — ${why}`}
      disabled={!info.enabled}
      onClick={toggleAutocomplete}
    >
      {on ? 'Autocomplete' : 'Autocomplete off'} · {model}
      {on && lastLatencyMs !== null ? ` · ${Math.round(lastLatencyMs)} ms` : ''}
    </button>
  );
}
