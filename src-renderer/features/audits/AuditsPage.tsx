/** Audits: the list of audits, or the fieldwork view of the one named in the route. */
import { useRouter } from '../../app/router-store';
import { AuditList } from './AuditList';
import { FieldworkView } from './FieldworkView';
import './audits.css';

export function AuditsPage() {
  const id = useRouter((s) => s.id);
  return id ? <FieldworkView key={id} auditId={id} /> : <AuditList />;
}
