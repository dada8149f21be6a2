import { PageHeader } from '../../components/PageHeader';

export function FrameworksPage() {
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Frameworks" />
      <p className="empty-state">Import an OSCAL catalog to start tracking controls.</p>
    </section>
  );
}
