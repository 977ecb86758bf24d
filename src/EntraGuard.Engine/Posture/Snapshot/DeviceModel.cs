using System;
using System.Collections.Generic;

namespace EntraGuard.Posture
{
    /// <summary>The tenant's device registration policy (<c>policies/deviceRegistrationPolicy</c>).</summary>
    public sealed class DeviceRegistrationSettings
    {
        /// <summary><c>multiFactorAuthConfiguration</c>: notRequired or required; null when Graph left it
        /// out.</summary>
        public string? MultiFactorAuthConfiguration { get; init; }

        /// <summary><c>azureADJoin.allowedToJoin</c>: who may join devices to Microsoft Entra ID.</summary>
        public DeviceRegistrationMembership? AllowedToJoin { get; init; }

        /// <summary><c>azureADJoin.localAdmins.enableGlobalAdmins</c>: are Global Administrators local
        /// administrators of every joined device?</summary>
        public bool? GlobalAdminsAreLocalAdmins { get; init; }

        /// <summary><c>azureADJoin.localAdmins.registeringUsers</c>: which users become local administrators of the
        /// devices they join.</summary>
        public DeviceRegistrationMembership? RegisteringUsersAsLocalAdmins { get; init; }
    }

    /// <summary>
    /// A <c>deviceRegistrationMembership</c>: everyone (<c>all</c>), nobody (<c>none</c>) or the users and groups
    /// listed (<c>enumerated</c>), told apart by its <c>@odata.type</c>; a type EntraGuard does not know keeps its
    /// name.
    /// </summary>
    public sealed class DeviceRegistrationMembership
    {
        public const string All = "all";
        public const string Nobody = "no";
        public const string Enumerated = "enumerated";

        public string Kind { get; init; } = "";
        public IReadOnlyList<string> Users { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> Groups { get; init; } = Array.Empty<string>();

        public override string ToString() =>
            Kind == Enumerated ? $"{Kind} ({Users.Count} user(s), {Groups.Count} group(s))" : Kind;
    }
}
