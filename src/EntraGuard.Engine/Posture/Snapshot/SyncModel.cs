using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EntraGuard.Posture
{
    /// <summary>The tenant itself (<c>organization</c>): its id and whether it synchronizes from on
    /// premises.</summary>
    public sealed class OrganizationSettings
    {
        public string Id { get; init; } = "";

        /// <summary><c>onPremisesSyncEnabled</c>: true while directory synchronization runs, null when it never
        /// ran or Graph left it out.</summary>
        public bool? OnPremisesSyncEnabled { get; init; }
    }

    /// <summary>The directory synchronization features (<c>directory/onPremisesSynchronization</c>,
    /// <c>features</c>); null where Graph left a feature out.</summary>
    public sealed class OnPremisesSyncFeatures
    {
        /// <summary><c>blockSoftMatchEnabled</c>: may a synchronized object take over a cloud object by matching
        /// its userPrincipalName or proxy address?</summary>
        public bool? BlockSoftMatch { get; init; }

        /// <summary><c>blockCloudObjectTakeoverThroughHardMatchEnabled</c>: may it take over a cloud object by
        /// matching its immutable id?</summary>
        public bool? BlockHardMatch { get; init; }
    }

    /// <summary>A user whose names start with krbtgt, with the on-premises attributes that tell a synchronized
    /// krbtgt_AzureAD account apart.</summary>
    public sealed class DirectoryAccount
    {
        private const string Krbtgt = "krbtgt_AzureAD";

        public string Id { get; init; } = "";
        public string? DisplayName { get; init; }
        public string? UserPrincipalName { get; init; }
        public string? MailNickname { get; init; }
        public bool OnPremisesSyncEnabled { get; init; }
        public string? OnPremisesSamAccountName { get; init; }
        public string? OnPremisesDistinguishedName { get; init; }

        /// <summary>Named krbtgt_AzureAD by any of its names, the part of its userPrincipalName before the @, or the
        /// common name of its on-premises distinguished name.</summary>
        public bool IsKrbtgtAzureAd =>
            new[] { DisplayName, MailNickname, OnPremisesSamAccountName, UserPrincipalName?.Split('@')[0] }.Any(name =>
                string.Equals(name, Krbtgt, StringComparison.OrdinalIgnoreCase)
            )
            || (
                OnPremisesDistinguishedName is { } name
                && Regex.IsMatch(name, $"(^|,)CN={Krbtgt},", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
            );

        public override string ToString() => $"{UserPrincipalName ?? DisplayName ?? Id} ({Id})";
    }
}
