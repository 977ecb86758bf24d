namespace EntraGuard.Posture
{
    /// <summary>A group a Conditional Access policy names, with what keeps its membership out of reach of group
    /// owners and group administrators across the tenant.</summary>
    public sealed class ConditionalAccessGroup
    {
        public string Id { get; init; } = "";
        public string? DisplayName { get; init; }

        /// <summary><c>isAssignableToRole</c>: only Privileged Role Administrators (and the group's owners) manage
        /// its members.</summary>
        public bool IsAssignableToRole { get; init; }

        /// <summary><c>isManagementRestricted</c>: the group sits in a restricted management administrative unit, so
        /// only administrators scoped to that unit manage it. Graph documents null as false.</summary>
        public bool IsManagementRestricted { get; init; }

        public bool MembershipProtected => IsAssignableToRole || IsManagementRestricted;

        public override string ToString() => $"'{DisplayName ?? Id}' ({Id})";
    }

    /// <summary>A user's MFA registration from <c>reports/authenticationMethods/userRegistrationDetails</c>.</summary>
    public sealed class UserMfaRegistration
    {
        public string Id { get; init; } = "";
        public string? UserPrincipalName { get; init; }
        public string? DisplayName { get; init; }

        /// <summary><c>isMfaRegistered</c>; null when the report left it out.</summary>
        public bool? IsMfaRegistered { get; init; }

        public override string ToString() => $"{UserPrincipalName ?? DisplayName ?? Id} ({Id})";
    }
}
