import { PageHeader } from '../../components/PageHeader';

export function EvidencePage() {
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Evidence" />
      <p className="empty-state">Evidence files and their as-of dates will be listed here.</p>
    </section>
  );
}
