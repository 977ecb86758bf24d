using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>
    /// What an organization tells the posture checks about itself: its emergency-access accounts, its limits, and
    /// the deviations it has accepted. Loaded from the <c>posture:</c> section of the settings file
    /// (<see cref="EntraGuardSettings.Posture"/>); the defaults suit a tenant that has told us nothing.
    /// </summary>
    public sealed class PostureSettings
    {
        public const int DefaultMaxSecretLifetimeDays = 180;

        public static PostureSettings Default { get; } = new();

        /// <summary>Emergency-access (break-glass) users or groups, by object id or userPrincipalName: they may stay
        /// outside policies and hold standing roles. Until resolved, an account named by userPrincipalName matches
        /// no object.</summary>
        public IReadOnlyList<BreakGlassAccount> BreakGlassAccounts { get; init; } = Array.Empty<BreakGlassAccount>();

        /// <summary>The longest a client secret may live, start to end, in days.</summary>
        public int MaxSecretLifetimeDays { get; init; } = DefaultMaxSecretLifetimeDays;

        /// <summary>Fewer Global Administrators than this leaves no one to recover the tenant.</summary>
        public int MinGlobalAdministrators { get; init; } = 2;

        /// <summary>More Global Administrators than this is more standing power than anyone needs.</summary>
        public int MaxGlobalAdministrators { get; init; } = 4;

        /// <summary>Role template or definition ids (custom roles too) to treat as privileged besides the built-in
        /// list.</summary>
        public IReadOnlyList<string> AdditionalPrivilegedRoles { get; init; } = Array.Empty<string>();

        /// <summary>The sign-in risk levels Conditional Access must answer.</summary>
        public IReadOnlyList<string> SignInRiskLevels { get; init; } = new[] { "high", "medium" };

        /// <summary>The user risk levels Conditional Access must answer.</summary>
        public IReadOnlyList<string> UserRiskLevels { get; init; } = new[] { "high" };

        public IReadOnlyList<AcceptedDeviation> AcceptedDeviations { get; init; } = Array.Empty<AcceptedDeviation>();

        /// <summary>The object ids of the Microsoft 365 groups meant to be public (EGP087); every other public group
        /// is reported.</summary>
        public IReadOnlyList<string> ApprovedPublicGroups { get; init; } = Array.Empty<string>();

        /// <summary>
        /// A severity of the organization's own for a check (check id → severity): what a failure of it weighs in
        /// results, <c>--fail-on</c> and reports.
        /// </summary>
        public IReadOnlyDictionary<string, Severity> SeverityOverrides { get; init; } =
            new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The severity a check's results carry: the override when there is one, else the check's
        /// own.</summary>
        public Severity SeverityOf(PostureCheck check) =>
            SeverityOverrides.TryGetValue(check.Id, out var severity) ? severity : check.Severity;

        /// <summary>The roles the privileged-role checks cover: the built-in list, then the additional ones.</summary>
        public IReadOnlyList<string> PrivilegedRoleIds =>
            PrivilegedRoles
                .TemplateIds.Concat(AdditionalPrivilegedRoles)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();

        public bool IsBreakGlass(string objectId) =>
            BreakGlassAccounts.Any(account => string.Equals(account.Id, objectId, StringComparison.OrdinalIgnoreCase));

        /// <summary>The accounts named by userPrincipalName that did not resolve to an object.</summary>
        public IReadOnlyList<BreakGlassAccount> UnresolvedBreakGlassAccounts =>
            BreakGlassAccounts.Where(account => !account.IsResolved).ToArray();

        /// <summary>These settings with other break-glass accounts (the resolved ones), everything else kept.</summary>
        internal PostureSettings WithBreakGlassAccounts(IReadOnlyList<BreakGlassAccount> accounts) =>
            new()
            {
                BreakGlassAccounts = accounts,
                MaxSecretLifetimeDays = MaxSecretLifetimeDays,
                MinGlobalAdministrators = MinGlobalAdministrators,
                MaxGlobalAdministrators = MaxGlobalAdministrators,
                AdditionalPrivilegedRoles = AdditionalPrivilegedRoles,
                SignInRiskLevels = SignInRiskLevels,
                UserRiskLevels = UserRiskLevels,
                AcceptedDeviations = AcceptedDeviations,
                SeverityOverrides = SeverityOverrides,
                ApprovedPublicGroups = ApprovedPublicGroups,
            };

        /// <summary>A readable name for an object id: the break-glass entry's name when it has one, else the
        /// id.</summary>
        public string Describe(string objectId) =>
            BreakGlassAccounts.FirstOrDefault(a => string.Equals(a.Id, objectId, StringComparison.OrdinalIgnoreCase))
                is { Name: { Length: > 0 } name }
                ? $"{name} ({objectId})"
                : objectId;
    }

    /// <summary>
    /// An emergency-access account (or a group of them) that is meant to stay outside Conditional Access and PIM,
    /// named by object id, or (a user) by userPrincipalName — a name the posture run resolves to the id before the
    /// checks see it.
    /// </summary>
    public sealed class BreakGlassAccount
    {
        public BreakGlassAccount(string id, string? name = null)
            : this(id, name, null, null, false) { }

        private BreakGlassAccount(
            string? id,
            string? name,
            string? userPrincipalName,
            string? problem,
            bool isKnownAbsent
        )
        {
            Id = id;
            Name = name;
            UserPrincipalName = userPrincipalName;
            Problem = problem;
            IsKnownAbsent = isKnownAbsent;
        }

        /// <summary>A user named by userPrincipalName, not resolved yet.</summary>
        public static BreakGlassAccount ByPrincipalName(string userPrincipalName, string? name = null) =>
            new(null, name, userPrincipalName, null, false);

        /// <summary>The object id; null while a userPrincipalName is not resolved.</summary>
        public string? Id { get; }

        public string? Name { get; }

        /// <summary>The userPrincipalName the settings name the account by, if they do.</summary>
        public string? UserPrincipalName { get; }

        /// <summary>Why the userPrincipalName did not resolve (no such user, the lookup failed); null
        /// otherwise.</summary>
        public string? Problem { get; }

        public bool IsResolved => Id is not null;

        /// <summary>True when the lookup answered and no user has the name; false while that is unknown.</summary>
        public bool IsKnownAbsent { get; }

        internal BreakGlassAccount ResolvedTo(string id) => new(id, Name, UserPrincipalName, null, false);

        internal BreakGlassAccount Absent() =>
            new(null, Name, UserPrincipalName, "no user of the tenant has this userPrincipalName", true);

        internal BreakGlassAccount Unresolved(string problem) => new(null, Name, UserPrincipalName, problem, false);

        public override string ToString()
        {
            var key = UserPrincipalName is { } upn ? (Id is { } id ? $"{upn}, {id}" : upn) : Id!;
            return Name is { Length: > 0 } ? $"{Name} ({key})" : key;
        }
    }

    /// <summary>
    /// A deviation the organization has decided to live with, for a while: a check (and optionally one target within
    /// it), why, and until when. A deviation past its expiry no longer applies, so every acceptance gets reviewed.
    /// </summary>
    public sealed class AcceptedDeviation
    {
        public string CheckId { get; init; } = "";

        /// <summary>The object id, appId, key id, role id or policy id it covers; null covers every finding of the
        /// check.</summary>
        public string? Target { get; init; }

        public string Justification { get; init; } = "";

        /// <summary>The last day (UTC) the deviation applies.</summary>
        public DateTime Expires { get; init; }

        public bool IsActiveAt(DateTimeOffset now) => now.UtcDateTime.Date <= Expires.Date;

        public bool Covers(PostureFinding finding) => Target is null || finding.IsIdentifiedBy(Target);

        public override string ToString() =>
            $"{CheckId}{(Target is null ? "" : $" / {Target}")} until {Expires:yyyy-MM-dd}: {Justification}";
    }
}
