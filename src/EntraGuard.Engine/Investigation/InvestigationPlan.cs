using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Collection;

namespace EntraGuard.Investigation
{
    /// <summary>
    /// What an investigation needs to read, grouped so each subject is asked once: one sign-in query per distinct
    /// user or service principal and one audit query per distinct initiator or target, for each run of overlapping
    /// windows (not one per risk event). A Graph source asks exactly these; a file source reads its files whole.
    /// </summary>
    public sealed class InvestigationPlan
    {
        private InvestigationPlan(
            IReadOnlyList<SignInQuery> signIns,
            IReadOnlyList<AuditQuery> auditEvents,
            IReadOnlyList<ReachSubject> reach
        )
        {
            SignInQueries = signIns;
            AuditQueries = auditEvents;
            ReachSubjects = reach;
        }

        public IReadOnlyList<SignInQuery> SignInQueries { get; }
        public IReadOnlyList<AuditQuery> AuditQueries { get; }
        public IReadOnlyList<ReachSubject> ReachSubjects { get; }

        private static readonly SignInKind[] UserLogs = { SignInKind.InteractiveUser, SignInKind.NonInteractiveUser };
        private static readonly SignInKind[] WorkloadLogs = { SignInKind.ServicePrincipal, SignInKind.ManagedIdentity };

        internal static InvestigationPlan For(
            IEnumerable<CaseFacts> cases,
            InvestigationOptions options,
            DateTimeOffset now
        )
        {
            var signIns = new Subjects<(string Property, string Id), SignInKind>();
            var audits = new Subjects<(string Property, string Id), string>();
            var reach = new List<ReachSubject>();
            foreach (var facts in cases)
            {
                var r = facts.RiskEvent;
                var around = (r.TimeGenerated - options.Window, r.TimeGenerated + options.Window);
                // The actor's earlier days too: what makes an address new or an activity a first.
                var withHistory = (around.Item1 - options.History, around.Item2);
                if (r.ActorType == ActorType.App)
                {
                    if (r.ActorServicePrincipalId != null)
                        signIns.Add(("sp", r.ActorServicePrincipalId), withHistory, WorkloadLogs);
                    else if (r.AppId != null)
                        signIns.Add(("app", r.AppId), withHistory, WorkloadLogs);
                    if (r.AppId != null)
                        audits.Add(("app", r.AppId), withHistory);
                }
                else if ((r.ActorId ?? r.ActorName) is { } actor)
                {
                    signIns.Add(("user", actor), withHistory, UserLogs);
                    audits.Add(("user", actor), withHistory);
                }
                if (r.KeyId != null && r.ServicePrincipalId != null)
                    signIns.Add(("sp", r.ServicePrincipalId), KeyUse(r, now), new[] { SignInKind.ServicePrincipal });
                foreach (var target in facts.TargetIds)
                    audits.Add(("target", target), around);
                if (ReachOf(r) is { } subject && !reach.Contains(subject))
                    reach.Add(subject);
            }
            var signInQueries = signIns
                .Merged(now)
                .Select(s => new SignInQuery
                {
                    Since = s.From,
                    Until = s.To,
                    User = s.Key.Property == "user" ? s.Key.Id : null,
                    ServicePrincipalId = s.Key.Property == "sp" ? s.Key.Id : null,
                    AppId = s.Key.Property == "app" ? s.Key.Id : null,
                    Kinds = s.Tags,
                })
                .ToArray();
            var auditQueries = audits
                .Merged(now)
                .Select(s => new AuditQuery
                {
                    Since = s.From,
                    Until = s.To,
                    InitiatedByUser = s.Key.Property == "user" ? s.Key.Id : null,
                    InitiatedByApp = s.Key.Property == "app" ? s.Key.Id : null,
                    TargetId = s.Key.Property == "target" ? s.Key.Id : null,
                })
                .ToArray();
            return new InvestigationPlan(signInQueries, auditQueries, reach);
        }

        /// <summary>
        /// A new key's use: from its add up to <paramref name="now"/> (a persistence key may wait days), but not
        /// before the oldest sign-in Graph keeps: empty slices cost a request each and answer nothing. Where that
        /// cut falls after the add, the read starts after it and "not used" stays unknown.
        /// </summary>
        private static (DateTimeOffset, DateTimeOffset) KeyUse(RiskEvent r, DateTimeOffset now)
        {
            var oldestKept = now - SignInRetention;
            return (r.TimeGenerated > oldestKept ? r.TimeGenerated : oldestKept, now);
        }

        /// <summary>How long Graph keeps sign-ins (Entra ID P1/P2: 30 days).</summary>
        internal static readonly TimeSpan SignInRetention = TimeSpan.FromDays(30);

        /// <summary>The principal a risk event is about: the target service principal, else a target user.</summary>
        internal static ReachSubject? ReachOf(RiskEvent r)
        {
            if (r.ServicePrincipalId != null)
                return new ReachSubject(r.ServicePrincipalId, IsServicePrincipal: true);
            if (string.Equals(r.TargetType, "User", StringComparison.OrdinalIgnoreCase) && r.TargetId != null)
                return new ReachSubject(r.TargetId, IsServicePrincipal: false);
            return null;
        }

        /// <summary>Windows per subject, merged where they overlap, with the logs any of them asked for.</summary>
        private sealed class Subjects<TKey, TTag>
            where TKey : notnull
        {
            private readonly Dictionary<TKey, (List<(DateTimeOffset, DateTimeOffset)> Windows, List<TTag> Tags)> _all =
                new();

            public void Add(TKey key, (DateTimeOffset From, DateTimeOffset To) window, IEnumerable<TTag>? tags = null)
            {
                if (!_all.TryGetValue(key, out var entry))
                    _all[key] = entry = (new List<(DateTimeOffset, DateTimeOffset)>(), new List<TTag>());
                entry.Windows.Add(window);
                foreach (var tag in tags ?? Array.Empty<TTag>())
                {
                    if (!entry.Tags.Contains(tag))
                        entry.Tags.Add(tag);
                }
            }

            /// <summary>Each subject's windows merged, cut at <paramref name="now"/> (nothing later exists).</summary>
            public IEnumerable<(TKey Key, DateTimeOffset From, DateTimeOffset To, TTag[] Tags)> Merged(
                DateTimeOffset now
            )
            {
                foreach (var pair in _all)
                {
                    var windows = pair.Value.Windows.Where(w => w.Item1 <= now).OrderBy(w => w.Item1).ToList();
                    var tags = pair.Value.Tags.ToArray();
                    (DateTimeOffset From, DateTimeOffset To)? current = null;
                    foreach (var (from, to) in windows)
                    {
                        var end = to < now ? to : now;
                        if (current is { } open && from <= open.To)
                        {
                            current = (open.From, end > open.To ? end : open.To);
                            continue;
                        }
                        if (current is { } done)
                            yield return (pair.Key, done.From, done.To, tags);
                        current = (from, end);
                    }
                    if (current is { } last)
                        yield return (pair.Key, last.From, last.To, tags);
                }
            }
        }
    }
}
