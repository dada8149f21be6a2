/** Who did something, by name: a member's display name or email for a user id, else the recorded text. */
import { useEffect } from 'react';
import { actorLabel, useMembers } from '../../app/members-store';

export function ActorName({ actor }: { actor: string | null | undefined }) {
  const { byId, load } = useMembers();
  useEffect(() => void load(), [load]);
  if (!actor) return null;
  const label = actorLabel(byId, actor);
  return <span title={label === actor ? undefined : actor}>{label}</span>;
}
