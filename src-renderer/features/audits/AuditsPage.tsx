import { PageHeader } from '../../components/PageHeader';

export function AuditsPage() {
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Audits" />
      <p className="empty-state">Audits, their scope and fieldwork results will be listed here.</p>
    </section>
  );
}
