using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using EntraGuard.Memory;

namespace EntraGuard.Detection
{
    /// <summary>
    /// The compact part of one matching event that a finding needs (ids, names, responder keys): what stateful
    /// rules keep instead of the event. A struct, so a rule's list of it holds no object per event:
    /// every shared value goes through the scan's <see cref="ScanContext.Keep(string)"/> (a thousand registrations
    /// from one browser hold one user-agent string, one user's events one target list), and the values unique to the
    /// event, its id and the key id of its credential, sit as one record in the scan's <see cref="TextArena"/>, which
    /// the shared facts know. Values a finding can derive (the service principal, application, user and member ids)
    /// are derived from the targets when asked.
    /// </summary>
    internal readonly struct Evidence
    {
        // Three words an event, which is what a scan's memory grows by: the time, everything the event shares with
        // others (actor, targets, group, key type, escalation, judged, offset, the arena) as one kept object, and
        // where its id and key id sit, beside the steps a sequence rule found it matched.
        private readonly long _ticks;
        private readonly HeldFacts _facts;
        private readonly int _texts;

        /// <summary>The steps of a sequence rule the event matched (bit i for step i); 0 for other rules.</summary>
        public int Steps { get; }

        private Evidence(AuditEvent e, bool judged, Escalation? escalation, ScanContext context, int steps)
        {
            Steps = steps;
            _ticks = e.ActivityDateTime.UtcTicks;

            var actor = e.InitiatedBy;
            var heldActor = context.KeepActor(
                new ActorValues(
                    context.Keep(actor.Key),
                    context.Keep(actor.Name),
                    actor.IsUser ? ActorType.User
                        : actor.IsApp ? ActorType.App
                        : ActorType.Unknown,
                    actor.IsUser ? context.Keep(AuditFacts.NonEmpty(actor.UserId)) : null,
                    context.Keep(AuditFacts.NonEmpty(actor.AppId)),
                    context.Keep(AuditFacts.NonEmpty(actor.ServicePrincipalId)),
                    context.Keep(AuditFacts.NonEmpty(actor.IpAddress)),
                    context.Keep(AuditFacts.NonEmpty(e.UserAgent))
                )
            );

            var group = context.Group(e);
            var resources = e.TargetResources;
            var targets = context.TargetBuffer(resources.Count);
            for (var i = 0; i < resources.Count; i++)
            {
                var t = resources[i];
                var name = AuditFacts.NonEmpty(t.DisplayName) ?? AuditFacts.NonEmpty(t.UserPrincipalName);
                if (name is null && string.Equals(t.Type, AuditFacts.GroupType, StringComparison.OrdinalIgnoreCase))
                    name = group.Name;
                targets[i] = context.Keep(AuditFacts.NonEmpty(t.Id), name, AuditFacts.NonEmpty(t.Type));
            }

            var credential = context.Credential(e);
            _texts = context.EvidenceTexts.AddPair(e.Id, credential?.KeyId);
            _facts = context.KeepFacts(
                new FactValues(
                    heldActor,
                    context.KeepTargets(targets, resources.Count),
                    context.Keep(group.Id),
                    context.Keep(credential?.KeyType),
                    escalation,
                    judged,
                    e.ActivityDateTime.Offset
                )
            );
        }

        /// <summary>The evidence of <paramref name="auditEvent"/>, with the sequence <paramref name="steps"/> it
        /// matched.</summary>
        public static Evidence From(
            AuditEvent auditEvent,
            bool judged,
            RuleLogic logic,
            ScanContext context,
            int steps = 0
        )
        {
            Escalation? escalation = null;
            for (var i = 0; i < logic.Escalations.Count; i++)
            {
                var candidate = logic.Escalations[i];
                if (
                    candidate.Applies(auditEvent, context)
                    && (escalation is null || candidate.Severity > escalation.Severity)
                )
                    escalation = candidate;
            }
            return new Evidence(auditEvent, judged, escalation, context, steps);
        }

        // Where the event's id sits in the arena its facts know.
        private TextRef IdText => _facts.Texts.First(_texts);

        public string Id => _facts.Texts.Text(IdText)!;

        /// <summary>Ordinal order of this event's id and <paramref name="id"/> of <paramref name="texts"/>, without
        /// making strings.</summary>
        public int CompareId(TextArena texts, TextRef id) => TextArena.CompareOrdinal(_facts.Texts, IdText, texts, id);

        /// <summary>Ordinal order of the two events' ids.</summary>
        public int CompareId(in Evidence other) =>
            TextArena.CompareOrdinal(_facts.Texts, IdText, other._facts.Texts, other.IdText);

        /// <summary>Gives back the room the event's id took, for evidence made last and held no longer than its
        /// event (a match rule's finding has its own copies).</summary>
        public void Discard() => _facts.Texts.RemoveLastPair(_texts);

        public DateTimeOffset Time => new(_ticks + _facts.Values.Offset.Ticks, _facts.Values.Offset);
        public long Ticks => _ticks;

        /// <summary>Whether the event may produce a finding (not history-only, inside the judged window).</summary>
        public bool Judged => _facts.Values.Judged;

        public Escalation? Escalation => _facts.Values.Escalation;
        public string? ActorId => _facts.Values.Actor.Values.Id;
        public string? ActorName => _facts.Values.Actor.Values.Name;
        public ActorType ActorType => _facts.Values.Actor.Values.Type;
        public string? ActorUserId => _facts.Values.Actor.Values.UserId;
        public string? AppId => _facts.Values.Actor.Values.AppId;
        public string? ActorServicePrincipalId => _facts.Values.Actor.Values.ServicePrincipalId;
        public string? IpAddress => _facts.Values.Actor.Values.IpAddress;
        public string? UserAgent => _facts.Values.Actor.Values.UserAgent;

        /// <summary>The scan's shared list of these targets: copy it before handing it out.</summary>
        public IReadOnlyList<RiskTarget> Targets => _facts.Values.Targets;

        public string? GroupId => _facts.Values.GroupId;
        public string? KeyId => _facts.Texts.Text(_facts.Texts.Second(_texts));
        public string? KeyType => _facts.Values.KeyType;

        public string? ServicePrincipalId => IdOf(AuditFacts.ServicePrincipalType);
        public string? ApplicationId => IdOf(AuditFacts.ApplicationType);
        public string? TargetUserId => IdOf(AuditFacts.UserType);

        /// <summary>The member a group change concerns: its first target that is not the group.</summary>
        public string? MemberId => GroupId is null ? null : IdOf(AuditFacts.GroupType, ofType: false);

        /// <summary>The id of the first target with an id whose type is (or, with <paramref name="ofType"/> false, is
        /// not) <paramref name="type"/>.</summary>
        private string? IdOf(string type, bool ofType = true)
        {
            foreach (var target in Targets)
            {
                if (target.Id != null && string.Equals(target.Type, type, StringComparison.OrdinalIgnoreCase) == ofType)
                    return target.Id;
            }
            return null;
        }

        /// <summary>
        /// Sorts in time order, the event id breaking ties so that every arrival order sorts the same, and drops
        /// repeats of an event (the same id at the same time, read from two sources).
        /// </summary>
        public static List<Evidence> SortDistinct(IReadOnlyList<Evidence> items) => SortDistinct(items, item => item);

        /// <summary>The same for items that carry evidence with something of their own.</summary>
        public static List<T> SortDistinct<T>(IReadOnlyList<T> items, Func<T, Evidence> evidenceOf)
        {
            // Sorts small (ticks, index) pairs rather than the items: ids are compared only between equal times.
            var evidence = new Evidence[items.Count];
            var order = new (long Ticks, int Index)[items.Count];
            for (var i = 0; i < evidence.Length; i++)
            {
                evidence[i] = evidenceOf(items[i]);
                order[i] = (evidence[i].Ticks, i);
            }
            Array.Sort(
                order,
                (a, b) =>
                    a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : evidence[a.Index].CompareId(evidence[b.Index])
            );

            var result = new List<T>(items.Count);
            for (var k = 0; k < order.Length; k++)
            {
                var index = order[k].Index;
                if (
                    k > 0
                    && order[k - 1].Ticks == order[k].Ticks
                    && evidence[order[k - 1].Index].CompareId(evidence[index]) == 0
                )
                    continue;
                result.Add(items[index]);
            }
            return result;
        }
    }

    /// <summary>
    /// Who acted, from where and with what, as evidence holds it: values the scan kept, so identity is equality and
    /// hashing reads no text.
    /// </summary>
    internal readonly struct ActorValues : IEquatable<ActorValues>
    {
        public ActorValues(
            string? id,
            string? name,
            ActorType type,
            string? userId,
            string? appId,
            string? servicePrincipalId,
            string? ipAddress,
            string? userAgent
        )
        {
            Id = id;
            Name = name;
            Type = type;
            UserId = userId;
            AppId = appId;
            ServicePrincipalId = servicePrincipalId;
            IpAddress = ipAddress;
            UserAgent = userAgent;
        }

        public string? Id { get; }
        public string? Name { get; }
        public ActorType Type { get; }
        public string? UserId { get; }
        public string? AppId { get; }
        public string? ServicePrincipalId { get; }
        public string? IpAddress { get; }
        public string? UserAgent { get; }

        public bool Equals(ActorValues other) =>
            ReferenceEquals(Id, other.Id)
            && ReferenceEquals(Name, other.Name)
            && Type == other.Type
            && ReferenceEquals(UserId, other.UserId)
            && ReferenceEquals(AppId, other.AppId)
            && ReferenceEquals(ServicePrincipalId, other.ServicePrincipalId)
            && ReferenceEquals(IpAddress, other.IpAddress)
            && ReferenceEquals(UserAgent, other.UserAgent);

        public override bool Equals(object? obj) => obj is ActorValues other && Equals(other);

        public override int GetHashCode() =>
            IdentityHash.Of(
                IdentityHash.Of(
                    IdentityHash.Of(
                        IdentityHash.Of(
                            IdentityHash.Of(IdentityHash.Of(IdentityHash.Of((int)Type, Id), Name), UserId),
                            AppId
                        ),
                        ServicePrincipalId
                    ),
                    IpAddress
                ),
                UserAgent
            );
    }

    /// <summary>One kept <see cref="ActorValues"/> per distinct combination in a scan (a service account's thousand
    /// changes hold one).</summary>
    internal sealed class HeldActor
    {
        public HeldActor(ActorValues values) => Values = values;

        public ActorValues Values { get; }
    }

    /// <summary>
    /// What an event's evidence shares with other events (see <see cref="ScanContext.KeepFacts"/>): every value is
    /// already kept, so equality compares identities, and looking a combination up allocates nothing.
    /// </summary>
    internal readonly struct FactValues : IEquatable<FactValues>
    {
        public FactValues(
            HeldActor actor,
            IReadOnlyList<RiskTarget> targets,
            string? groupId,
            string? keyType,
            Escalation? escalation,
            bool judged,
            TimeSpan offset
        )
        {
            Actor = actor;
            Targets = targets;
            GroupId = groupId;
            KeyType = keyType;
            Escalation = escalation;
            Judged = judged;
            Offset = offset;
        }

        public HeldActor Actor { get; }
        public IReadOnlyList<RiskTarget> Targets { get; }
        public string? GroupId { get; }
        public string? KeyType { get; }
        public Escalation? Escalation { get; }
        public bool Judged { get; }

        /// <summary>The offset the event's time was written with, which a finding's time keeps.</summary>
        public TimeSpan Offset { get; }

        public bool Equals(FactValues other) =>
            ReferenceEquals(Actor, other.Actor)
            && ReferenceEquals(Targets, other.Targets)
            && ReferenceEquals(GroupId, other.GroupId)
            && ReferenceEquals(KeyType, other.KeyType)
            && ReferenceEquals(Escalation, other.Escalation)
            && Judged == other.Judged
            && Offset == other.Offset;

        public override bool Equals(object? obj) => obj is FactValues other && Equals(other);

        public override int GetHashCode() =>
            IdentityHash.Of(
                IdentityHash.Of(
                    IdentityHash.Of(
                        IdentityHash.Of(IdentityHash.Of(Offset.GetHashCode() * 2 + (Judged ? 1 : 0), Actor), Targets),
                        GroupId
                    ),
                    KeyType
                ),
                Escalation
            );
    }

    /// <summary>One kept <see cref="FactValues"/> per distinct combination in a scan.</summary>
    internal sealed class HeldFacts
    {
        public HeldFacts(FactValues values, TextArena texts)
        {
            Values = values;
            Texts = texts;
        }

        public FactValues Values { get; }

        /// <summary>The arena of the scan (or part of a parallel scan) that holds the unique values of the evidence
        /// these facts belong to: evidence moved into another part's rule state at a merge still reads them.</summary>
        public TextArena Texts { get; }
    }

    /// <summary>Hashing by object identity, for values the scan kept (one instance per distinct value).</summary>
    internal static class IdentityHash
    {
        public static int Of(int hash, object? value) =>
            unchecked(
                hash * 31 + (value is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(value))
            );
    }

    /// <summary>Builds <see cref="RiskEvent"/>s from a rule and its evidence.</summary>
    internal static class Findings
    {
        /// <summary>A finding from evidence in time order; the last item is the event that completed it.</summary>
        public static RiskEvent Create(Rule rule, IReadOnlyList<Evidence> evidence, bool? historyComplete)
        {
            var last = evidence[evidence.Count - 1];
            Escalation? escalation = null;
            foreach (var item in evidence)
            {
                if (item.Escalation != null && (escalation is null || item.Escalation.Severity > escalation.Severity))
                    escalation = item.Escalation;
            }
            var primary = PrimaryTarget(rule.Logic.TargetTypes, last);
            var eventIds = evidence.Select(e => e.Id).ToList();

            return new RiskEvent
            {
                RiskEventId = StableId(rule.Id, eventIds),
                RuleId = rule.Id,
                RuleName = rule.Name,
                Severity = escalation?.Severity ?? rule.Severity,
                RiskScore = escalation?.RiskScore ?? rule.RiskScore,
                Tactics = rule.Tactics,
                Techniques = rule.Techniques,
                TimeGenerated = last.Time,
                ActorId = last.ActorId,
                ActorName = last.ActorName,
                ActorType = last.ActorType,
                AppId = last.AppId,
                ActorServicePrincipalId = last.ActorServicePrincipalId,
                IpAddress = last.IpAddress,
                UserAgent = last.UserAgent,
                TargetId = primary?.Id,
                TargetName = primary?.Name,
                TargetType = primary?.Type,
                Targets = DistinctTargets(evidence),
                EventIds = eventIds,
                HistoryComplete = historyComplete,
                InvestigationSteps = rule.InvestigationSteps,
                FalsePositives = rule.FalsePositives,
                SuggestedResponse = rule.SuggestedResponse,
                ServicePrincipalId = Agreed(evidence, e => e.ServicePrincipalId),
                ApplicationId = Agreed(evidence, e => e.ApplicationId),
                KeyId = Agreed(evidence, e => e.KeyId),
                KeyType = Agreed(evidence, e => e.KeyType),
                UserId =
                    rule.Logic.ResponseUser == ResponseUser.Actor
                        ? Agreed(evidence, e => e.ActorUserId)
                        : Agreed(evidence, e => e.TargetUserId),
                GroupId = Agreed(evidence, e => e.GroupId),
                MemberId = Agreed(evidence, e => e.MemberId),
            };
        }

        // Creating a hash object costs more than hashing a few ids; one per thread serves every finding, and one
        // buffer per thread holds the bytes hashed.
        [ThreadStatic]
        private static SHA256? _sha256;

        [ThreadStatic]
        private static byte[]? _hashInput;

        /// <summary>The rule id and 96 bits of SHA-256 over the rule id and the sorted evidence ids, one a
        /// line.</summary>
        public static string StableId(string ruleId, IReadOnlyList<string> eventIds)
        {
            var ordered = eventIds.Count > 1 ? eventIds.OrderBy(id => id, StringComparer.Ordinal).ToList() : eventIds;
            var length = Encoding.UTF8.GetByteCount(ruleId);
            foreach (var id in ordered)
                length += 1 + Encoding.UTF8.GetByteCount(id);
            var input =
                _hashInput is { } buffer && buffer.Length >= length
                    ? buffer
                    : _hashInput = new byte[Math.Max(length, 512)];
            var used = Encoding.UTF8.GetBytes(ruleId, 0, ruleId.Length, input, 0);
            foreach (var id in ordered)
            {
                input[used++] = (byte)'\n';
                used += Encoding.UTF8.GetBytes(id, 0, id.Length, input, used);
            }
            var hash = (_sha256 ??= SHA256.Create()).ComputeHash(input, 0, used);

            const string hex = "0123456789abcdef";
            var chars = new char[ruleId.Length + 25];
            ruleId.CopyTo(0, chars, 0, ruleId.Length);
            chars[ruleId.Length] = '-';
            for (var i = 0; i < 12; i++)
            {
                chars[ruleId.Length + 1 + 2 * i] = hex[hash[i] >> 4];
                chars[ruleId.Length + 2 + 2 * i] = hex[hash[i] & 0xF];
            }
            return new string(chars);
        }

        private static RiskTarget? PrimaryTarget(IReadOnlyList<string> types, Evidence evidence)
        {
            foreach (var type in types)
            {
                foreach (var target in evidence.Targets)
                {
                    if (string.Equals(target.Type, type, StringComparison.OrdinalIgnoreCase))
                        return target;
                }
            }
            return evidence.Targets.Count > 0 ? evidence.Targets[0] : null;
        }

        private static IReadOnlyList<RiskTarget> DistinctTargets(IReadOnlyList<Evidence> evidence)
        {
            if (evidence.Count == 1)
                return evidence[0].Targets.ToArray(); // the held list is the scan's, shared
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var result = new List<RiskTarget>();
            foreach (var target in evidence.SelectMany(e => e.Targets))
            {
                if (seen.Add($"{target.Type}\u001f{target.Id}\u001f{target.Name}"))
                    result.Add(target);
            }
            return result;
        }

        /// <summary>The one value every item that has one agrees on; null when none has one or they differ (a
        /// responder must not act on one member of a many-member finding as if it were the whole).</summary>
        private static string? Agreed(IReadOnlyList<Evidence> evidence, Func<Evidence, string?> value)
        {
            string? agreed = null;
            foreach (var item in evidence)
            {
                var current = value(item);
                if (current is null)
                    continue;
                if (agreed is null)
                    agreed = current;
                else if (!string.Equals(agreed, current, StringComparison.OrdinalIgnoreCase))
                    return null;
            }
            return agreed;
        }
    }
}
