using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EntraGuard.Memory;

namespace EntraGuard.Investigation
{
    /// <summary>What the streams said about one risk event, gathered while they pass, then stated as its
    /// context.</summary>
    internal sealed class CaseFacts
    {
        private readonly DateTimeOffset _from,
            _until,
            _historyFrom;
        private readonly TimeSpan _maxCredentialLifetime;
        private readonly HashSet<string> _evidenceIds;
        private readonly HashSet<string> _evidenceActivities = new(StringComparer.Ordinal);

        // The actor's earlier events by activity: only how many share the evidence's activities is stated.
        private readonly Dictionary<string, int> _actorEarlierActivities = new(StringComparer.Ordinal);

        // Related events: every one is counted once (its time and id kept in an arena, a few bytes each instead of a
        // sorted node and a string), and only the ones a context can list, the nearest in time, are kept whole.
        private readonly DistinctTexts _relatedSeen;
        private readonly SortedSet<(TimeSpan Distance, DateTimeOffset Time, string Id)> _nearest = new();
        private readonly int _maxRelatedEventIds;
        private bool _credentialAdded;
        private string? _credentialType;

        private int _keySignIns;
        private DateTimeOffset? _keyFirstUsed,
            _keyLastUsed;
        private readonly List<string> _keyAddresses = new();

        private int _actorSignIns,
            _actorFailed;
        private readonly List<string> _actorAddresses = new();
        private readonly List<string> _actorAgents = new();
        private readonly HashSet<string> _actorAddressesBefore = new(StringComparer.OrdinalIgnoreCase);

        // The same sign-in exported twice (a Graph page and a diagnostic record) counts once: ids ignore case, held
        // upper-cased and numbered once for every case (a busy actor's window holds tens of thousands, and the
        // windows of one actor's findings overlap).
        private readonly DistinctTexts _keySignInIds;
        private readonly DistinctTexts _actorSignInIds;

        /// <param name="riskEvent">The finding investigated.</param>
        /// <param name="options">The investigation's options.</param>
        /// <param name="ids">The numbering of the event and sign-in ids every case of the investigation counts.</param>
        public CaseFacts(RiskEvent riskEvent, InvestigationOptions options, TextNumbering ids)
        {
            _relatedSeen = new DistinctTexts(ids);
            _keySignInIds = new DistinctTexts(ids);
            _actorSignInIds = new DistinctTexts(ids);
            RiskEvent = riskEvent;
            Window = options.Window;
            _from = riskEvent.TimeGenerated - Window;
            _until = riskEvent.TimeGenerated + Window;
            // Files hold any history, Graph is asked for options.History: both compare with the same span.
            _historyFrom = _from - options.History;
            _maxCredentialLifetime = options.MaxCredentialLifetime;
            _maxRelatedEventIds = options.MaxRelatedEventIds;
            _evidenceIds = new HashSet<string>(riskEvent.EventIds, StringComparer.OrdinalIgnoreCase);
            var isApp = riskEvent.ActorType == ActorType.App;
            ActorKeys = (
                isApp
                    ? new[] { riskEvent.ActorServicePrincipalId, riskEvent.AppId, riskEvent.ActorId }
                    : new[] { riskEvent.ActorId, riskEvent.ActorName }
            )
                .Where(k => !string.IsNullOrEmpty(k))
                .Select(k => k!)
                .ToArray();
            TargetIds = new[] { riskEvent.TargetId, riskEvent.ServicePrincipalId, riskEvent.ApplicationId }
                .Where(k => !string.IsNullOrEmpty(k))
                .Select(k => k!)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }

        public RiskEvent RiskEvent { get; }
        public TimeSpan Window { get; }
        public IReadOnlyList<string> ActorKeys { get; }
        public IReadOnlyList<string> TargetIds { get; }
        private bool EvidenceSeen => _evidenceActivities.Count > 0;

        private bool Inside(DateTimeOffset time) => time >= _from && time <= _until;

        public void ObserveCredentialUse(SignInEvent signIn)
        {
            if (!signIn.IsSuccess || !FirstTime(_keySignInIds, signIn))
                return;
            _keySignIns++;
            if (_keyFirstUsed is null || signIn.CreatedDateTime < _keyFirstUsed)
                _keyFirstUsed = signIn.CreatedDateTime;
            if (_keyLastUsed is null || signIn.CreatedDateTime > _keyLastUsed)
                _keyLastUsed = signIn.CreatedDateTime;
            AddDistinct(_keyAddresses, signIn.IpAddress);
        }

        public void ObserveActorSignIn(SignInEvent signIn)
        {
            if (signIn.CreatedDateTime < _from)
            {
                if (signIn.IpAddress != null && signIn.CreatedDateTime >= _historyFrom)
                    _actorAddressesBefore.Add(signIn.IpAddress);
                return;
            }
            if (!Inside(signIn.CreatedDateTime) || !FirstTime(_actorSignInIds, signIn))
                return;
            _actorSignIns++;
            if (!signIn.IsSuccess)
                _actorFailed++;
            AddDistinct(_actorAddresses, signIn.IpAddress);
            AddDistinct(_actorAgents, signIn.UserAgent);
        }

        public void ObserveEvidence(AuditEvent auditEvent)
        {
            _evidenceActivities.Add(auditEvent.Activity);
            if (RiskEvent.KeyId is not { } keyId)
                return;
            foreach (var added in CredentialChange.From(auditEvent).Added)
            {
                if (!string.Equals(added.KeyId, keyId, StringComparison.OrdinalIgnoreCase))
                    continue;
                _credentialAdded = true;
                _credentialType = added.KeyType;
            }
        }

        public void ObserveActorEvent(AuditEvent auditEvent)
        {
            if (
                auditEvent.ActivityDateTime < RiskEvent.TimeGenerated
                && auditEvent.ActivityDateTime >= _historyFrom
                && !_evidenceIds.Contains(auditEvent.Id)
            )
            {
                _actorEarlierActivities[auditEvent.Activity] = _actorEarlierActivities.TryGetValue(
                    auditEvent.Activity,
                    out var count
                )
                    ? count + 1
                    : 1;
            }
            ObserveTargetEvent(auditEvent);
        }

        public void ObserveTargetEvent(AuditEvent auditEvent)
        {
            if (Inside(auditEvent.ActivityDateTime) && !_evidenceIds.Contains(auditEvent.Id))
                AddRelated(auditEvent.ActivityDateTime, auditEvent.Id);
        }

        /// <summary>Counts a related event once (the same time and id read twice is one), keeping it only while it
        /// is among the nearest the context lists.</summary>
        private void AddRelated(DateTimeOffset time, string id)
        {
            if (!_relatedSeen.Add(time.UtcTicks.ToString(CultureInfo.InvariantCulture) + "\u001f" + id))
                return;
            if (_maxRelatedEventIds == 0)
                return;
            _nearest.Add(((time - RiskEvent.TimeGenerated).Duration(), time, id));
            if (_nearest.Count > _maxRelatedEventIds)
                _nearest.Remove(_nearest.Max);
        }

        public RiskEventContext ToContext(SignInCoverage coverage, int maxRelatedEventIds, TargetReach? reach)
        {
            var r = RiskEvent;
            var summary = new List<string>
            {
                $"{r.ActorName ?? r.ActorId ?? "An unknown actor"}: {r.RuleName} "
                    + $"on {r.TargetName ?? r.TargetId ?? "(no target)"} at {Time(r.TimeGenerated)}.",
            };

            // A credential fact only for a credential added: the evidence says so, or (evidence not read) the finding
            // names a key.
            var aboutCredential = r.KeyId != null && (_credentialAdded || !EvidenceSeen);
            bool? used = null;
            if (aboutCredential)
            {
                var covered = CoversAfter(coverage.Workloads, r.TimeGenerated, out var why);
                used =
                    _keySignIns > 0 ? true
                    : covered ? false
                    : null;
                summary.Add(
                    used switch
                    {
                        true => $"The new credential was used {_keySignIns} time(s) from "
                            + $"{string.Join(", ", _keyAddresses)}, "
                            + $"first at {Time(_keyFirstUsed!.Value)} (service-principal sign-ins read up to "
                            + $"{Time(coverage.Workloads!.Value.Last)}).",
                        false => $"The new credential was not used in the service-principal sign-ins read (up to "
                            + $"{Time(coverage.Workloads!.Value.Last)}).",
                        _ => $"Whether the new credential was used is unknown: {why}.",
                    }
                );
            }
            var validity = aboutCredential ? Validity(reach, summary) : default;

            var actorCoverage = r.ActorType == ActorType.App ? coverage.Workloads : coverage.Users;
            var actorKnown = actorCoverage is { } span && span.First <= r.TimeGenerated && span.Last >= r.TimeGenerated;
            var historyKnown = actorKnown && actorCoverage!.Value.First < _from;
            var newAddresses = _actorAddresses.Where(a => !_actorAddressesBefore.Contains(a)).ToList();
            var agents = _actorAgents
                .Concat(r.UserAgent is null ? Array.Empty<string>() : new[] { r.UserAgent })
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var scripting = agents.FirstOrDefault(ScriptingClients.IsScriptingClient);
            if (!actorKnown)
                summary.Add($"The actor's sign-ins are unknown: no sign-ins read cover {Time(r.TimeGenerated)}.");
            else if (!historyKnown)
                summary.Add(
                    $"The actor signed in {_actorSignIns} time(s) in the window; whether an address is new is "
                        + $"unknown: no sign-ins read before {Time(_from)}."
                );
            else if (newAddresses.Count > 0)
                summary.Add(
                    $"The actor signed in from new address(es) {string.Join(", ", newAddresses)} ({_actorSignIns} "
                        + $"sign-in(s), {_actorFailed} failed, in the window)."
                );
            else
                summary.Add(
                    $"The actor signed in only from addresses used before ({_actorSignIns} sign-in(s) in the window)."
                );
            if (scripting != null)
                summary.Add($"A scripting client was used ({scripting}).");
            var prior = EvidenceSeen
                ? _actorEarlierActivities.Where(e => _evidenceActivities.Contains(e.Key)).Sum(e => e.Value)
                : (int?)null;
            if (prior == 0)
                summary.Add("The actor never did this before in the audit events read.");
            summary.Add(
                $"{_relatedSeen.Count} other change(s) by the actor or to the target within {Duration(Window)}."
            );
            var privileged = reach is null ? null : PrivilegedReach.Reasons(reach);
            if (privileged is { Count: > 0 })
                summary.Add($"The target is highly privileged: {string.Join(", ", privileged)}.");
            if (reach is { Unread.Count: > 0 })
                summary.Add($"Unknown: {string.Join("; ", reach.Unread)}.");

            return new RiskEventContext
            {
                RiskEventId = r.RiskEventId,
                RuleId = r.RuleId,
                RuleName = r.RuleName,
                TimeGenerated = r.TimeGenerated,
                ActorName = r.ActorName ?? r.ActorId,
                TargetName = r.TargetName ?? r.TargetId,
                EventIds = r.EventIds,
                Summary = string.Join(" ", summary),
                CredentialKeyId = aboutCredential ? r.KeyId : null,
                CredentialType = aboutCredential ? _credentialType ?? r.KeyType : null,
                CredentialEndDateTime = validity.End,
                CredentialLifetimeDays = validity.LifetimeDays,
                CredentialLongLived = validity.LongLived,
                CredentialUsed = used,
                CredentialSignInCount = used is null ? null : _keySignIns,
                CredentialFirstUsed = _keyFirstUsed,
                CredentialLastUsed = _keyLastUsed,
                CredentialIpAddresses = used is null ? null : _keyAddresses.ToArray(),
                ActorSignInCount = actorKnown ? _actorSignIns : null,
                ActorIpAddresses = actorKnown ? _actorAddresses.ToArray() : null,
                ActorNewIpAddresses = historyKnown ? newAddresses : null,
                ActorUserAgents = agents.Count > 0 ? agents : null,
                ActorScriptingClient = agents.Count > 0 ? scripting != null : null,
                ActorFailedSignIns = actorKnown ? _actorFailed : null,
                ActorPriorSameActivityCount = prior,
                RelatedEventIds = Nearest(maxRelatedEventIds),
                RelatedEventIdsNotListed = Math.Max(0, _relatedSeen.Count - maxRelatedEventIds),
                ReachApplicationPermissions = reach?.ApplicationPermissions,
                ReachDelegatedGrants = reach?.DelegatedGrants,
                ReachDirectoryRoles = reach?.DirectoryRoles?.Select(role => role.DisplayName).ToArray(),
                TargetRolesViaGroups = reach
                    ?.RolesViaGroups?.Select(held => $"{held.Role.DisplayName} (via {held.GroupName})")
                    .ToArray(),
                TargetEligibleRoles = reach?.EligibleRoles?.Select(role => role.DisplayName).ToArray(),
                TargetPrivileged = privileged is null ? null : privileged.Count > 0,
                ReachHighImpact = privileged,
            };
        }

        /// <summary>
        /// The new credential's validity as the directory states it, said in the summary; when unread, why. Audit
        /// records name the key but not its dates, so files alone never know them.
        /// </summary>
        private (DateTimeOffset? End, int? LifetimeDays, bool? LongLived) Validity(
            TargetReach? reach,
            List<string> summary
        )
        {
            if (reach?.Credentials is not { } credentials)
            {
                summary.Add(
                    reach is null
                        ? "Its end date is unknown: audit records do not carry it and no directory read covered it."
                        : "Its end date is unknown: the service principal's credentials could not be read."
                );
                return default;
            }
            var held = credentials.FirstOrDefault(c =>
                string.Equals(c.KeyId, RiskEvent.KeyId, StringComparison.OrdinalIgnoreCase)
            );
            if (held?.EndDateTime is not { } end)
            {
                summary.Add(
                    held is null
                        ? "The key is not among the service principal's own (removed, or held by its application): "
                            + "its end date is unknown."
                        : "The directory states no end date for the credential."
                );
                return default;
            }
            var lifetime = end - (held.StartDateTime ?? RiskEvent.TimeGenerated);
            var days = (int)Math.Round(lifetime.TotalDays);
            var longLived = lifetime > _maxCredentialLifetime;
            summary.Add(
                $"It is valid until {Time(end)} ({days} days"
                    + (longLived ? $", longer than {Math.Round(_maxCredentialLifetime.TotalDays)} days)." : ").")
            );
            return (end, days, longLived);
        }

        /// <summary>The related ids nearest the risk event, at most <paramref name="max"/>, in time order.</summary>
        private string[] Nearest(int max) =>
            _nearest.Take(max).Select(e => (e.Time, e.Id)).OrderBy(e => e).Select(e => e.Id).ToArray();

        /// <summary>Whether workload sign-ins were read from before the add to after it, so that no use among them
        /// means none.</summary>
        private static bool CoversAfter(
            (DateTimeOffset First, DateTimeOffset Last)? workloads,
            DateTimeOffset added,
            out string why
        )
        {
            why = workloads switch
            {
                null => "no service-principal sign-ins were read",
                { } s when s.Last <= added =>
                    $"the service-principal sign-ins read end at {Time(s.Last)}, before the credential was added",
                { } s when s.First > added =>
                    $"the service-principal sign-ins read start at {Time(s.First)}, after the credential was added",
                _ => "",
            };
            return why.Length == 0;
        }

        private static bool FirstTime(DistinctTexts seen, SignInEvent signIn) =>
            string.IsNullOrEmpty(signIn.Id) || seen.Add(signIn.Id.ToUpperInvariant());

        private static void AddDistinct(List<string> list, string? value)
        {
            if (!string.IsNullOrEmpty(value) && !list.Contains(value!, StringComparer.OrdinalIgnoreCase))
                list.Add(value!);
        }

        internal static string Time(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static string Duration(TimeSpan window) =>
            window.TotalHours >= 1 && window.TotalHours % 1 == 0
                ? $"{window.TotalHours.ToString(CultureInfo.InvariantCulture)}h"
                : $"{window.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m";
    }
}
