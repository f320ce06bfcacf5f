import { useEffect, useState } from 'preact/hooks';
import { nameOf, t } from '../i18n';
import { REFERENCE_LISTS, suggestions, type CodeOption } from '../reference';
import { Field } from '../ui';

export interface ItemDraft { hsCode: string; description: string; quantity: string; unit: string; value: string; originCountry: string }
export const emptyItem = (): ItemDraft => ({ hsCode: '', description: '', quantity: '', unit: '', value: '', originCountry: '' });

/** A number typed in a form: a number when it reads as one, else the text (the API says what is wrong). */
export function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

export function itemBody(item: ItemDraft) {
  return {
    hsCode: item.hsCode.trim(), description: item.description.trim(), quantity: numberOrText(item.quantity), unit: item.unit.trim(),
    value: numberOrText(item.value), originCountry: item.originCountry.trim().toUpperCase(),
  };
}

/**
 * The code lists as <datalist>s the inputs suggest from (an input with list="list-offices" …):
 * each filled with the first entries at once, then with the entries matching what is typed
 * into any input that names it (GET /v1/reference/{list}?q=, by code or by name).
 */
export function CodeLists() {
  const [options, setOptions] = useState<Record<string, CodeOption[]>>({});
  useEffect(() => {
    let live = true;
    const fill = (id: string, typed: string) => suggestions(id, typed).then((found) => live && setOptions((all) => ({ ...all, [id]: found })), () => undefined);
    for (const id of Object.keys(REFERENCE_LISTS)) fill(id, '');
    const timers = new Map<string, number>();
    const onInput = (event: Event) => {
      const input = event.target as HTMLInputElement | null;
      const id = input?.getAttribute?.('list')?.replace(/^list-/, '');
      if (!input || !id || !REFERENCE_LISTS[id]) return;
      clearTimeout(timers.get(id));
      timers.set(id, window.setTimeout(() => fill(id, input.value), 120));
    };
    document.addEventListener('input', onInput);
    return () => {
      live = false;
      document.removeEventListener('input', onInput);
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, []);
  return (
    <>
      {Object.keys(REFERENCE_LISTS).map((id) => (
        <datalist id={`list-${id}`} key={id}>
          {(options[id] ?? []).map((o) => <option key={o.code} value={o.code}>{nameOf(o)}</option>)}
        </datalist>
      ))}
    </>
  );
}

/** Goods items (商品项), one row each, with the API's message under the field it names (`items[0].hsCode`). */
export function ItemsEditor({ items, onChange, errorFor, prefix = 'items' }: { items: ItemDraft[]; onChange: (items: ItemDraft[]) => void; errorFor: (field: string) => string | undefined; prefix?: string }) {
  const set = (i: number, key: keyof ItemDraft, value: string) => onChange(items.map((item, j) => (j === i ? { ...item, [key]: value } : item)));
  return (
    <fieldset class="items">
      <legend>{t('decl.items')}</legend>
      {errorFor(prefix) && <p class="field-error">{errorFor(prefix)}</p>}
      {items.map((item, i) => (
        <div class="item-row" key={i} role="group" aria-label={`${t('decl.item')} ${i + 1}`}>
          <span class="item-no" aria-hidden="true">{i + 1}</span>
          <Field label={t('decl.hsCode')} value={item.hsCode} onInput={(v) => set(i, 'hsCode', v)} error={errorFor(`${prefix}[${i}].hsCode`)} name={`${prefix}[${i}].hsCode`} placeholder="0202300090" list="list-hs" hint={t('decl.hsCodeHint')} />
          <Field label={t('decl.description')} value={item.description} onInput={(v) => set(i, 'description', v)} error={errorFor(`${prefix}[${i}].description`)} name={`${prefix}[${i}].description`} />
          <Field label={t('decl.quantity')} value={item.quantity} onInput={(v) => set(i, 'quantity', v)} error={errorFor(`${prefix}[${i}].quantity`)} name={`${prefix}[${i}].quantity`} type="number" step="any" />
          <Field label={t('decl.unit')} value={item.unit} onInput={(v) => set(i, 'unit', v)} error={errorFor(`${prefix}[${i}].unit`)} name={`${prefix}[${i}].unit`} list="list-units" placeholder="035" />
          <Field label={t('decl.value')} value={item.value} onInput={(v) => set(i, 'value', v)} error={errorFor(`${prefix}[${i}].value`)} name={`${prefix}[${i}].value`} type="number" step="any" />
          <Field label={t('decl.origin')} value={item.originCountry} onInput={(v) => set(i, 'originCountry', v)} error={errorFor(`${prefix}[${i}].originCountry`)} name={`${prefix}[${i}].originCountry`} list="list-countries" placeholder="BRA" />
          <button type="button" class="secondary small" onClick={() => onChange(items.filter((_, j) => j !== i))} disabled={items.length === 1}
            aria-label={`${t('decl.removeItem')} ${i + 1}`}>{t('decl.removeItem')}</button>
        </div>
      ))}
      <button type="button" class="secondary" onClick={() => onChange([...items, emptyItem()])}>{t('decl.addItem')}</button>
    </fieldset>
  );
}
