import { useState } from 'preact/hooks';
import { encode } from 'uqr';
import { ApiError, get } from '../api';
import { t } from '../i18n';
import { Field, fmtTime, ProblemBox, Section, useLoad } from '../ui';

/** What GET /v1/declarations/{id}/release-proof answers (JSON). */
interface ReleaseProof {
  jws: string;
  kid: string;
  payload: { declarationId: string; number: string | null; releasedAt: string; conveyance: string | null; itemsDigest: string; portOfEntry: string };
}

/** A QR code of `text` (the compact JWS a scanner at the gate or a bank checks offline), as SVG modules. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, data } = encode(text, { ecc: 'L', border: 4 });
  let path = '';
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (data[y][x]) path += `M${x} ${y}h1v1h-1z`;
  return (
    <svg class="qr" viewBox={`0 0 ${size} ${size}`} width={Math.max(240, size * 4)} height={Math.max(240, size * 4)} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/** 放行证明: the signed release, as a QR code and as the facts it states. */
export function ReleaseProofCard({ id }: { id: string }) {
  const proof = useLoad(() => get<ReleaseProof>(`/v1/declarations/${encodeURIComponent(id)}/release-proof`), [id]);
  if (proof.error instanceof ApiError && proof.error.problem.code === 'not-released') return <p class="problem" role="alert">{t('proof.notReleased')}</p>;
  if (proof.error) return <ProblemBox error={proof.error} />;
  if (!proof.data) return <p aria-busy="true">{t('common.loading')}</p>;
  const { payload, jws, kid } = proof.data;
  return (
    <figure class="proof" data-declaration={payload.declarationId}>
      <QrCode text={jws} label={`${t('proof.qrLabel')} ${payload.declarationId}`} />
      <figcaption>
        <dl class="facts">
          <dt>{t('proof.declaration')}</dt><dd>{payload.declarationId}</dd>
          <dt>{t('proof.number')}</dt><dd>{payload.number ?? '—'}</dd>
          <dt>{t('proof.releasedAt')}</dt><dd>{fmtTime(payload.releasedAt)}</dd>
          <dt>{t('proof.conveyance')}</dt><dd>{payload.conveyance ?? '—'}</dd>
          <dt>{t('proof.itemsDigest')}</dt><dd><code>{payload.itemsDigest.slice(0, 16)}…</code></dd>
          <dt>{t('proof.key')}</dt><dd><code>{kid}</code></dd>
        </dl>
        <p class="hint">{t('proof.offline')}</p>
        <details><summary>{t('proof.jws')}</summary><code class="jws">{jws}</code></details>
      </figcaption>
    </figure>
  );
}

/** 放行证明: any declaration's signed release, looked up by its id or customs number. */
export function ReleaseProofLookup() {
  const [wanted, setWanted] = useState('');
  const [shown, setShown] = useState('');
  return (
    <Section title={t('proof.title')}>
      <form onSubmit={(e) => { e.preventDefault(); setShown(wanted.trim()); }} noValidate>
        <div class="row">
          <Field label={t('proof.declaration')} value={wanted} onInput={setWanted} required />
        </div>
        <div class="actions"><button type="submit">{t('proof.show')}</button></div>
      </form>
      {shown && <ReleaseProofCard key={shown} id={shown} />}
    </Section>
  );
}
