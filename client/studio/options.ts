import { FIELD_NAMES, type FieldName } from '../../common/fields';
import { byId, h } from './dom';

export interface EnrichOptions {
  /** The fields ticked, in the contract's order; undefined when all are (the API's default). */
  fields(): readonly FieldName[] | undefined;
  /** Every field the answer will hold, in order (for the card). */
  requested(): readonly FieldName[];
  /** The confidence floor; undefined at 0 (the API's default). */
  minConfidence(): number | undefined;
}

/** The field picker and confidence floor shared by the single lookup and the list (one `<details>`). */
export function setUpOptions(): EnrichOptions {
  const picker = byId('field-picker');
  const boxes = FIELD_NAMES.map((field) => {
    const box = h('input', { type: 'checkbox', id: `field-${field}`, value: field });
    box.checked = true;
    picker.append(h('label', { for: `field-${field}` }, box, field.replace(/_/g, ' ')));
    return box;
  });
  const summary = byId('options-summary');
  const confidence = byId<HTMLInputElement>('min-confidence');
  const ticked = () => boxes.filter((box) => box.checked).map((box) => box.value as FieldName);
  const update = () => {
    const count = ticked().length;
    const floor = Number(confidence.value);
    summary.textContent = `(${count === FIELD_NAMES.length ? 'all' : count} of ${FIELD_NAMES.length} fields${floor > 0 ? `, at least ${floor}` : ''})`;
  };
  picker.addEventListener('change', update);
  confidence.addEventListener('input', update);
  const setAll = (checked: boolean) => () => {
    for (const box of boxes) box.checked = checked;
    update();
  };
  byId('fields-all').addEventListener('click', setAll(true));
  byId('fields-none').addEventListener('click', setAll(false));
  update();
  return {
    fields() {
      const fields = ticked();
      // None ticked is sent as an empty list, so the API's own message explains it.
      return fields.length === FIELD_NAMES.length ? undefined : fields;
    },
    requested: () => ticked(),
    minConfidence() {
      const raw = confidence.value.trim();
      return raw === '' || Number(raw) === 0 ? undefined : Number(raw);
    },
  };
}
