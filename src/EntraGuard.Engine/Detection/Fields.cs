using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EntraGuard.Memory;

namespace EntraGuard.Detection
{
    /// <summary>
    /// What a field path may need besides the event: the settings-dependent parts, fixed for a scan, and facts
    /// derived from the event being evaluated (parsed once, however many rules and fields ask). One per scan.
    /// </summary>
    internal sealed class ScanContext
    {
        private readonly HashSet<string> _privilegedGroups;
        private AuditEvent? _event;
        private CredentialChange? _change;
        private IReadOnlyList<CredentialDescriptor>? _before;
        private bool _beforeKnown;
        private (string? Id, string? Name)? _group;

        // What the scan keeps past one event, each value met again once (see Keep).
        private readonly Keeper<string, string> _keptStrings = new(StringComparer.Ordinal, value => value, key => key);
        private readonly Keeper<(string?, string?, string?), RiskTarget> _keptTargets = new(
            KeptValues.Comparer,
            target => (target.Id, target.Name, target.Type),
            key => new RiskTarget(key.Item1, key.Item2, key.Item3)
        );
        private readonly Keeper<TargetList, RiskTarget[]> _keptTargetLists = new(
            EqualityComparer<TargetList>.Default,
            list => new TargetList(list, list.Length),
            key => key.ToArray()
        );
        private RiskTarget[] _targetBuffer = new RiskTarget[4];
        private readonly Keeper<ActorValues, HeldActor> _keptActors = new(
            EqualityComparer<ActorValues>.Default,
            actor => actor.Values,
            key => new HeldActor(key)
        );
        private readonly Keeper<FactValues, HeldFacts> _keptFacts;
        private const int RecentSlots = 1024; // power of two
        private readonly string?[] _recentlyKept = new string?[RecentSlots];

        public ScanContext(HashSet<string> privilegedGroups)
        {
            _privilegedGroups = privilegedGroups;
            _keptFacts = new(
                EqualityComparer<FactValues>.Default,
                facts => facts.Values,
                key => new HeldFacts(key, EvidenceTexts)
            );
        }

        /// <summary>Where the scan's evidence keeps the values unique to its event (see <see
        /// cref="Evidence"/>).</summary>
        public TextArena EvidenceTexts { get; } = new();

        /// <summary>Values of each kind remembered for good (see <see cref="Keeper{TKey, TValue}"/>): strings, targets,
        /// lists of targets, actors, facts.</summary>
        internal (int Strings, int Targets, int TargetLists, int Actors, int Facts) KeptCounts =>
            (_keptStrings.Count, _keptTargets.Count, _keptTargetLists.Count, _keptActors.Count, _keptFacts.Count);

        /// <summary>
        /// The scan's copy of <paramref name="value"/>, one for each value met again (see <see
        /// cref="Keeper{TKey, TValue}"/>). Evidence that outlives its event (stateful rules hold it to the end of the
        /// stream) stores values through here: the reader's string cache is small and lossy, and long values such as
        /// user agents are never cached, so without this each held event would carry its own copies.
        /// </summary>
        public string? Keep(string? value)
        {
            if (value is null)
                return null;
            // The reader hands out one instance for each short value it repeats, and the one kept for good is met
            // again with no hashing of its text, only of its identity. Only such instances are remembered here, so a
            // copy the scan drops (a long user agent decoded afresh for each event) is never held past its event.
            var slot = RuntimeHelpers.GetHashCode(value) & (RecentSlots - 1);
            if (ReferenceEquals(_recentlyKept[slot], value))
                return value;
            var kept = _keptStrings.Keep(value, out var lasting);
            if (lasting && ReferenceEquals(kept, value))
                _recentlyKept[slot] = value;
            return kept;
        }

        /// <summary>The scan's instance of a target with these values (targets are immutable).</summary>
        public RiskTarget Keep(string? id, string? name, string? type) =>
            _keptTargets.Keep((Keep(id), Keep(name), Keep(type)), out _);

        /// <summary>Room for an event's targets on their way to <see cref="KeepTargets"/>, reused from event to
        /// event.</summary>
        public RiskTarget[] TargetBuffer(int count)
        {
            if (_targetBuffer.Length < count)
                _targetBuffer = new RiskTarget[count];
            return _targetBuffer;
        }

        /// <summary>The scan's list of the first <paramref name="count"/> kept targets of <paramref name="targets"/>
        /// in this order (each kept through <see cref="Keep(string, string, string)"/>): a list met before costs no
        /// allocation.</summary>
        public IReadOnlyList<RiskTarget> KeepTargets(RiskTarget[] targets, int count) =>
            count == 0 ? Array.Empty<RiskTarget>() : _keptTargetLists.Keep(new TargetList(targets, count), out _);

        /// <summary>The scan's instance of an actor with these kept values.</summary>
        public HeldActor KeepActor(ActorValues actor) => _keptActors.Keep(actor, out _);

        /// <summary>The scan's instance of these shared facts of an event's evidence.</summary>
        public HeldFacts KeepFacts(FactValues facts) => _keptFacts.Keep(facts, out _);

        /// <summary>Kept values compared by identity: a target's id, name and type once each went through
        /// Keep.</summary>
        private sealed class KeptValues : IEqualityComparer<(string?, string?, string?)>
        {
            public static readonly KeptValues Comparer = new();

            public bool Equals((string?, string?, string?) x, (string?, string?, string?) y) =>
                ReferenceEquals(x.Item1, y.Item1)
                && ReferenceEquals(x.Item2, y.Item2)
                && ReferenceEquals(x.Item3, y.Item3);

            public int GetHashCode((string?, string?, string?) value) =>
                IdentityHash.Of(IdentityHash.Of(IdentityHash.Of(0, value.Item1), value.Item2), value.Item3);
        }

        /// <summary>Kept targets compared by identity, item by item.</summary>
        private readonly struct TargetList : IEquatable<TargetList>
        {
            private readonly RiskTarget[] _items;
            private readonly int _count;

            public TargetList(RiskTarget[] items, int count)
            {
                _items = items;
                _count = count;
            }

            public bool Equals(TargetList other)
            {
                if (_count != other._count)
                    return false;
                for (var i = 0; i < _count; i++)
                {
                    if (!ReferenceEquals(_items[i], other._items[i]))
                        return false;
                }
                return true;
            }

            public override bool Equals(object? obj) => obj is TargetList other && Equals(other);

            /// <summary>A list of its own of these targets.</summary>
            public RiskTarget[] ToArray()
            {
                var items = new RiskTarget[_count];
                Array.Copy(_items, items, _count);
                return items;
            }

            public override int GetHashCode()
            {
                var hash = 17;
                for (var i = 0; i < _count; i++)
                    hash = IdentityHash.Of(hash, _items[i]);
                return hash;
            }
        }

        /// <summary>The added/removed credentials of the event (KeyDescription new − old and old − new).</summary>
        public CredentialChange Credentials(AuditEvent auditEvent) =>
            At(auditEvent)._change ??= CredentialChange.From(auditEvent);

        /// <summary>The credentials the event's old KeyDescription lists; null when it has none.</summary>
        public IReadOnlyList<CredentialDescriptor>? CredentialsBefore(AuditEvent auditEvent)
        {
            if (!At(auditEvent)._beforeKnown)
            {
                _before = AuditFacts.CredentialsBefore(auditEvent);
                _beforeKnown = true;
            }
            return _before;
        }

        /// <summary>The credential the event added, else the one it removed.</summary>
        public CredentialDescriptor? Credential(AuditEvent auditEvent)
        {
            var change = Credentials(auditEvent);
            return change.Added.Count > 0 ? change.Added[0]
                : change.Removed.Count > 0 ? change.Removed[0]
                : null;
        }

        public (string? Id, string? Name) Group(AuditEvent auditEvent) =>
            At(auditEvent)._group ??= AuditFacts.Group(auditEvent);

        private ScanContext At(AuditEvent auditEvent)
        {
            if (!ReferenceEquals(auditEvent, _event))
            {
                _event = auditEvent;
                _change = null;
                _before = null;
                _beforeKnown = false;
                _group = null;
            }
            return this;
        }

        /// <summary>Whether the settings list this group (by object id or display name) as privileged.</summary>
        public bool IsPrivilegedGroup(string? id, string? name) =>
            (id != null && _privilegedGroups.Contains(id)) || (name != null && _privilegedGroups.Contains(name));
    }

    /// <summary>A value test a predicate applies to each value of a field.</summary>
    internal interface IValueTest
    {
        bool Test(string value);
    }

    /// <summary>
    /// A field path resolved once, at rule load, into an accessor. Multi-valued paths (<c>targetResources[*]…</c>)
    /// yield one value per target; empty values are never offered to a test.
    /// </summary>
    internal abstract class Field
    {
        protected Field(string path) => Path = path;

        public string Path { get; }

        /// <summary>The first non-empty value, or null.</summary>
        public abstract string? First(AuditEvent auditEvent, ScanContext context);

        /// <summary>Whether any non-empty value passes the test.</summary>
        public abstract bool Any(AuditEvent auditEvent, ScanContext context, IValueTest test);

        public override string ToString() => Path;
    }

    internal sealed class EventField : Field
    {
        private readonly Func<AuditEvent, ScanContext, string?> _get;

        public EventField(string path, Func<AuditEvent, ScanContext, string?> get)
            : base(path) => _get = get;

        public override string? First(AuditEvent auditEvent, ScanContext context) =>
            NonEmpty(_get(auditEvent, context));

        public override bool Any(AuditEvent auditEvent, ScanContext context, IValueTest test)
        {
            var value = NonEmpty(_get(auditEvent, context));
            return value != null && test.Test(value);
        }

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }

    internal sealed class TargetField : Field
    {
        private readonly string? _type;
        private readonly Func<TargetResource, string?> _get;

        /// <summary>A per-target accessor; <paramref name="type"/> limits it to targets of that type (null: every
        /// target).</summary>
        public TargetField(string path, string? type, Func<TargetResource, string?> get)
            : base(path)
        {
            _type = type;
            _get = get;
        }

        public override string? First(AuditEvent auditEvent, ScanContext context)
        {
            var targets = auditEvent.TargetResources;
            for (var i = 0; i < targets.Count; i++)
            {
                if (!Selected(targets[i]))
                    continue;
                var value = _get(targets[i]);
                if (!string.IsNullOrEmpty(value))
                    return value;
            }
            return null;
        }

        public override bool Any(AuditEvent auditEvent, ScanContext context, IValueTest test)
        {
            var targets = auditEvent.TargetResources;
            for (var i = 0; i < targets.Count; i++)
            {
                if (!Selected(targets[i]))
                    continue;
                var value = _get(targets[i]);
                if (!string.IsNullOrEmpty(value) && test.Test(value!))
                    return true;
            }
            return false;
        }

        private bool Selected(TargetResource target) =>
            _type is null || string.Equals(target.Type, _type, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The field paths rules may use (documented in about_EntraGuard_Rules).</summary>
    internal static class Fields
    {
        private const string TargetsPrefix = "targetResources[";
        private const string DetailsPrefix = "additionalDetails.";
        private const string ModifiedPrefix = "modifiedProperties.";

        private static readonly Dictionary<string, Func<AuditEvent, ScanContext, string?>> EventPaths = new(
            StringComparer.OrdinalIgnoreCase
        )
        {
            ["id"] = (e, _) => e.Id,
            ["activity"] = (e, _) => e.Activity,
            ["activityDisplayName"] = (e, _) => e.ActivityDisplayName,
            ["category"] = (e, _) => e.Category,
            ["loggedByService"] = (e, _) => e.LoggedByService,
            ["operationType"] = (e, _) => e.OperationType,
            ["result"] = (e, _) => e.Result,
            ["resultReason"] = (e, _) => e.ResultReason,
            ["correlationId"] = (e, _) => e.CorrelationId,
            ["tenantId"] = (e, _) => e.TenantId,
            ["userAgent"] = (e, _) => e.UserAgent,
            ["initiatedBy.key"] = (e, _) => e.InitiatedBy.Key,
            ["initiatedBy.name"] = (e, _) => e.InitiatedBy.Name,
            ["initiatedBy.type"] = (e, _) =>
                e.InitiatedBy.IsUser ? "User"
                : e.InitiatedBy.IsApp ? "App"
                : null,
            ["initiatedBy.ipAddress"] = (e, _) => e.InitiatedBy.IpAddress,
            ["initiatedBy.user.id"] = (e, _) => e.InitiatedBy.UserId,
            ["initiatedBy.user.userPrincipalName"] = (e, _) => e.InitiatedBy.UserPrincipalName,
            ["initiatedBy.user.displayName"] = (e, _) => e.InitiatedBy.UserDisplayName,
            ["initiatedBy.user.ipAddress"] = (e, _) => e.InitiatedBy.IpAddress,
            ["initiatedBy.app.appId"] = (e, _) => e.InitiatedBy.AppId,
            ["initiatedBy.app.displayName"] = (e, _) => e.InitiatedBy.AppDisplayName,
            ["initiatedBy.app.servicePrincipalId"] = (e, _) => e.InitiatedBy.ServicePrincipalId,
            ["initiatedBy.app.servicePrincipalName"] = (e, _) => e.InitiatedBy.ServicePrincipalName,
            ["group.id"] = (e, c) => c.Group(e).Id,
            ["group.displayName"] = (e, c) => c.Group(e).Name,
            ["group.privileged"] = (e, c) =>
            {
                var group = c.Group(e);
                return c.IsPrivilegedGroup(group.Id, group.Name) ? "true" : "false";
            },
            ["credential.keysBefore"] = (e, c) => Count(c.CredentialsBefore(e)),
            ["credential.keysAdded"] = (e, c) => Count(c.Credentials(e).Added),
            ["credential.keysRemoved"] = (e, c) => Count(c.Credentials(e).Removed),
            ["credential.keyType"] = (e, c) => c.Credential(e)?.KeyType,
        };

        private static readonly Dictionary<string, Func<TargetResource, string?>> TargetPaths = new(
            StringComparer.OrdinalIgnoreCase
        )
        {
            ["id"] = t => t.Id,
            ["displayName"] = t => t.DisplayName,
            ["type"] = t => t.Type,
            ["userPrincipalName"] = t => t.UserPrincipalName,
            ["groupType"] = t => t.GroupType,
        };

        /// <summary>Every fixed path, for documentation and error messages.</summary>
        public static IEnumerable<string> KnownPaths
        {
            get
            {
                foreach (var path in EventPaths.Keys)
                    yield return path;
                yield return DetailsPrefix + "<key>";
                foreach (var path in TargetPaths.Keys)
                    yield return TargetsPrefix + "*]." + path;
                yield return TargetsPrefix + "<Type>]." + ModifiedPrefix + "<Name>.oldValue|newValue";
            }
        }

        /// <summary>Resolves a path; null with a reason when the path names nothing.</summary>
        public static Field? TryCompile(string path, out string? problem)
        {
            problem = null;
            if (EventPaths.TryGetValue(path, out var get))
                return new EventField(path, get);

            if (
                path.StartsWith(DetailsPrefix, StringComparison.OrdinalIgnoreCase)
                && path.Length > DetailsPrefix.Length
            )
            {
                var key = path.Substring(DetailsPrefix.Length);
                return new EventField(path, (e, _) => e.GetAdditionalDetail(key));
            }

            if (path.StartsWith(TargetsPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var close = path.IndexOf("].", StringComparison.Ordinal);
                if (close > TargetsPrefix.Length)
                {
                    var selector = path.Substring(TargetsPrefix.Length, close - TargetsPrefix.Length).Trim();
                    var type = selector == "*" ? null : selector;
                    var rest = path.Substring(close + 2);
                    if (TargetPaths.TryGetValue(rest, out var getTarget))
                        return new TargetField(path, type, getTarget);
                    var modified = CompileModifiedProperty(rest);
                    if (modified != null)
                        return new TargetField(path, type, modified);
                }
            }

            problem = $"'{path}' is not a known field path (known: {string.Join(", ", KnownPaths)})";
            return null;
        }

        private static Func<TargetResource, string?>? CompileModifiedProperty(string rest)
        {
            if (!rest.StartsWith(ModifiedPrefix, StringComparison.OrdinalIgnoreCase))
                return null;
            var tail = rest.Substring(ModifiedPrefix.Length);
            foreach (var (suffix, old) in new[] { (".oldValue", true), (".newValue", false) })
            {
                if (!tail.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) || tail.Length == suffix.Length)
                    continue;
                var name = tail.Substring(0, tail.Length - suffix.Length);
                return t =>
                {
                    var property = t.GetModifiedProperty(name);
                    return AuditFacts.Unquote(old ? property?.OldValue : property?.NewValue);
                };
            }
            return null;
        }

        private static string? Count<T>(IReadOnlyList<T>? list) => list?.Count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Facts several parts derive from an audit event the same way (fields, findings).</summary>
    internal static class AuditFacts
    {
        public const string GroupType = "Group";
        public const string UserType = "User";
        public const string ServicePrincipalType = "ServicePrincipal";
        public const string ApplicationType = "Application";

        /// <summary>
        /// The group a membership event is about: the Group target, else the <c>Group.ObjectID</c> /
        /// <c>Group.DisplayName</c> modified properties Entra records on the member target.
        /// </summary>
        public static (string? Id, string? Name) Group(AuditEvent auditEvent)
        {
            var target = auditEvent.GetTarget(GroupType);
            string? id = NonEmpty(target?.Id),
                name = NonEmpty(target?.DisplayName);
            if (id != null && name != null)
                return (id, name);
            var targets = auditEvent.TargetResources;
            for (var i = 0; i < targets.Count; i++)
            {
                id ??= PropertyValue(targets[i], "Group.ObjectID");
                name ??= PropertyValue(targets[i], "Group.DisplayName");
            }
            return (id, name);
        }

        /// <summary>The credentials listed in the old KeyDescription; null when the event carries no
        /// KeyDescription.</summary>
        public static IReadOnlyList<CredentialDescriptor>? CredentialsBefore(AuditEvent auditEvent)
        {
            var targets = auditEvent.TargetResources;
            for (var i = 0; i < targets.Count; i++)
            {
                var property = targets[i].GetModifiedProperty(CredentialChange.KeyDescriptionProperty);
                if (property != null)
                    return CredentialDescriptor.ParseList(property.OldValue);
            }
            return null;
        }

        /// <summary>A modified property's value (new, else old) with JSON string quoting removed.</summary>
        public static string? PropertyValue(TargetResource target, string name)
        {
            var property = target.GetModifiedProperty(name);
            return property is null
                ? null
                : NonEmpty(Unquote(property.NewValue)) ?? NonEmpty(Unquote(property.OldValue));
        }

        /// <summary>Graph encodes many modified-property values as JSON strings ("\"x\""): this undoes that.</summary>
        public static string? Unquote(string? value)
        {
            if (value is null || value.Length < 2 || value[0] != '"' || value[value.Length - 1] != '"')
                return value;
            try
            {
                return JsonSerializer.Deserialize<string>(value);
            }
            catch (JsonException)
            {
                return value;
            }
        }

        public static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
