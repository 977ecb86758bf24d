using System;
using System.Collections.Generic;

namespace EntraGuard.Investigation
{
    /// <summary>
    /// Routes each sign-in and audit event to the risk events it concerns, by credential key id, actor, target and
    /// evidence id, and keeps how far the sign-ins read reach (what "unknown" is judged against).
    /// </summary>
    internal sealed class CaseIndex
    {
        private readonly Dictionary<string, List<CaseFacts>> _byKeyId = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<CaseFacts>> _byActor = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<CaseFacts>> _byTarget = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<CaseFacts>> _byEvidence = new(StringComparer.OrdinalIgnoreCase);

        public CaseIndex(IEnumerable<CaseFacts> cases)
        {
            foreach (var facts in cases)
            {
                Add(_byKeyId, facts.RiskEvent.KeyId, facts);
                foreach (var actor in facts.ActorKeys)
                    Add(_byActor, actor, facts);
                foreach (var target in facts.TargetIds)
                    Add(_byTarget, target, facts);
                foreach (var id in facts.RiskEvent.EventIds)
                    Add(_byEvidence, id, facts);
            }
        }

        public SignInCoverage Coverage { get; } = new();

        public void Observe(SignInEvent signIn)
        {
            Coverage.Add(signIn);
            if (signIn.ServicePrincipalCredentialKeyId is { } keyId && _byKeyId.TryGetValue(keyId, out var byKey))
            {
                foreach (var facts in byKey)
                    facts.ObserveCredentialUse(signIn);
            }
            var actor = signIn.IsUser ? signIn.UserId : signIn.ServicePrincipalId;
            var seen = new HashSet<CaseFacts>();
            foreach (var key in new[] { actor, signIn.IsUser ? signIn.UserPrincipalName : signIn.AppId })
            {
                if (key is null || !_byActor.TryGetValue(key, out var byActor))
                    continue;
                foreach (var facts in byActor)
                {
                    if (seen.Add(facts))
                        facts.ObserveActorSignIn(signIn);
                }
            }
        }

        public void Observe(AuditEvent auditEvent)
        {
            if (_byEvidence.TryGetValue(auditEvent.Id, out var byEvidence))
            {
                foreach (var facts in byEvidence)
                    facts.ObserveEvidence(auditEvent);
            }
            var seen = new HashSet<CaseFacts>();
            var initiator = auditEvent.InitiatedBy;
            foreach (
                var key in new[] { initiator.Key, initiator.IsUser ? initiator.UserPrincipalName : initiator.AppId }
            )
            {
                if (key is null || !_byActor.TryGetValue(key, out var byActor))
                    continue;
                foreach (var facts in byActor)
                {
                    if (seen.Add(facts))
                        facts.ObserveActorEvent(auditEvent);
                }
            }
            foreach (var target in auditEvent.TargetResources)
            {
                if (target.Id is null || !_byTarget.TryGetValue(target.Id, out var byTarget))
                    continue;
                foreach (var facts in byTarget)
                {
                    if (seen.Add(facts))
                        facts.ObserveTargetEvent(auditEvent);
                }
            }
        }

        private static void Add(Dictionary<string, List<CaseFacts>> index, string? key, CaseFacts facts)
        {
            if (string.IsNullOrEmpty(key))
                return;
            if (!index.TryGetValue(key!, out var list))
                index[key!] = list = new List<CaseFacts>();
            if (!list.Contains(facts))
                list.Add(facts);
        }
    }

    /// <summary>The time the sign-ins read span, per log: a fact about a time outside it is unknown.</summary>
    internal sealed class SignInCoverage
    {
        public (DateTimeOffset First, DateTimeOffset Last)? Users { get; private set; }
        public (DateTimeOffset First, DateTimeOffset Last)? Workloads { get; private set; }

        public void Add(SignInEvent signIn) => Add(signIn.IsUser, signIn.CreatedDateTime, signIn.CreatedDateTime);

        /// <summary>Widens a log's span by a range known to be read whole (a query answered completely).</summary>
        public void Add(bool users, DateTimeOffset from, DateTimeOffset to)
        {
            if (users)
                Users = Widen(Widen(Users, from), to);
            else
                Workloads = Widen(Widen(Workloads, from), to);
        }

        private static (DateTimeOffset, DateTimeOffset) Widen(
            (DateTimeOffset First, DateTimeOffset Last)? span,
            DateTimeOffset time
        ) =>
            span is { } known
                ? (time < known.First ? time : known.First, time > known.Last ? time : known.Last)
                : (time, time);
    }
}
