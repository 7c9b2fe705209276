'use client';

/**
 * The revision form's inputs. Each reads a value from the draft and reports the JSON value to
 * write back: a blank text or number field removes the field rather than writing "" or 0.
 */

export const INPUT =
  'w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900';

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

export function TextField({
  label,
  value,
  onChange,
  placeholder,
  mono,
  type = 'text',
  ariaLabel,
}: {
  label: string;
  value: unknown;
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  mono?: boolean;
  type?: 'text' | 'password';
  /** A fuller name where the visible label repeats down a list ("Value of FRONTEND_URL"). */
  ariaLabel?: string;
}) {
  return (
    <label className="block min-w-0 text-xs text-slate-600">
      {label}
      <input
        type={type}
        aria-label={ariaLabel}
        value={text(value)}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        className={`${INPUT} mt-0.5 ${mono ? 'font-mono' : ''}`}
      />
    </label>
  );
}

export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
}: {
  label: string;
  value: unknown;
  onChange: (value: number | undefined) => void;
  min?: number;
  max?: number;
}) {
  return (
    <label className="block min-w-0 text-xs text-slate-600">
      {label}
      <input
        type="number"
        inputMode="numeric"
        value={text(value)}
        min={min}
        max={max}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        className={`${INPUT} mt-0.5`}
      />
    </label>
  );
}

export function SelectField({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: unknown;
  /** [value, label]; the value '' stands for "not set" and removes the field. */
  options: readonly (readonly [string, string])[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <label className="block min-w-0 text-xs text-slate-600">
      {label}
      <select
        value={text(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        className={`${INPUT} mt-0.5`}
      >
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A small secondary button: add a row, remove one. */
export function RowButton({
  children,
  label,
  onClick,
}: {
  children: React.ReactNode;
  /** The accessible name when the visible text is a symbol ("Remove CONNECTION_URL"). */
  label?: string;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      onClick={onClick}
      className="justify-self-start rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100"
    >
      {children}
    </button>
  );
}
