using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>An entitlement management catalog with the resources added to it.</summary>
    public sealed class AccessPackageCatalog
    {
        public string Id { get; init; } = "";
        public string? DisplayName { get; init; }
        public IReadOnlyList<EntitlementResource> Resources { get; init; } = Array.Empty<EntitlementResource>();

        public override string ToString() => $"catalog '{DisplayName ?? Id}'";
    }

    /// <summary>
    /// A resource as entitlement management names it: a catalog's resource, or the scope an access package grants a
    /// role in. <see cref="OriginId"/> is the object in its own system (a group's or service principal's id, a
    /// SharePoint site's URL); <see cref="OriginSystem"/> is AadGroup, AadApplication or SharePointOnline.
    /// </summary>
    public sealed class EntitlementResource
    {
        public const string GroupSystem = "AadGroup";

        public string? DisplayName { get; init; }
        public string? OriginId { get; init; }
        public string? OriginSystem { get; init; }

        public bool IsGroup => string.Equals(OriginSystem, GroupSystem, StringComparison.OrdinalIgnoreCase);

        public override string ToString() => $"{OriginSystem ?? "resource"} '{DisplayName ?? OriginId}'";
    }

    /// <summary>An access package: its catalog and the resource roles it hands out.</summary>
    public sealed class AccessPackage
    {
        public string Id { get; init; } = "";
        public string? DisplayName { get; init; }

        /// <summary>Null when Graph returned the package without its catalog.</summary>
        public string? CatalogId { get; init; }

        /// <summary>The scope of each resource role the package assigns.</summary>
        public IReadOnlyList<EntitlementResource> RoleScopes { get; init; } = Array.Empty<EntitlementResource>();

        public override string ToString() => $"access package '{DisplayName ?? Id}'";
    }

    /// <summary>An access package assignment policy: who may ask, and who approves.</summary>
    public sealed class AssignmentPolicy
    {
        /// <summary>The <c>allowedTargetScope</c> of a policy through which only administrators assign.</summary>
        public const string AdministratorsAssign = "notSpecified";

        public string Id { get; init; } = "";
        public string? DisplayName { get; init; }

        /// <summary>Null when the policy's access package no longer exists (Graph expands nothing).</summary>
        public string? AccessPackageId { get; init; }
        public string? AccessPackageName { get; init; }

        /// <summary>notSpecified, specificDirectoryUsers, specificConnectedOrganizationUsers, allMemberUsers,
        /// …</summary>
        public string? AllowedTargetScope { get; init; }

        /// <summary>How many users or groups <c>specificAllowedTargets</c> lists.</summary>
        public int SpecificAllowedTargetCount { get; init; }

        /// <summary><c>requestorSettings.enableTargetsToSelfAddAccess</c>.</summary>
        public bool? SelfRequestsAccepted { get; init; }

        /// <summary><c>requestorSettings.enableOnBehalfRequestorsToAddAccess</c>.</summary>
        public bool? OnBehalfRequestsAccepted { get; init; }

        /// <summary><c>requestApprovalSettings.isApprovalRequiredForAdd</c>.</summary>
        public bool? ApprovalRequired { get; init; }

        public IReadOnlyList<ApprovalStage> ApprovalStages { get; init; } = Array.Empty<ApprovalStage>();

        /// <summary>Users and groups may ask for the package through this policy (not an administrators-only
        /// one).</summary>
        public bool TakesRequests =>
            !string.Equals(AllowedTargetScope, AdministratorsAssign, StringComparison.OrdinalIgnoreCase);

        /// <summary>The scope lists who may ask, one by one.</summary>
        public bool NamesItsRequestors =>
            AllowedTargetScope is { } scope && scope.StartsWith("specific", StringComparison.OrdinalIgnoreCase);

        public override string ToString() =>
            $"policy '{DisplayName ?? Id}' of access package '{AccessPackageName ?? AccessPackageId ?? "?"}'";
    }

    /// <summary>One stage of a policy's approval.</summary>
    public sealed class ApprovalStage
    {
        public IReadOnlyList<Approver> PrimaryApprovers { get; init; } = Array.Empty<Approver>();
        public IReadOnlyList<Approver> FallbackApprovers { get; init; } = Array.Empty<Approver>();

        public IEnumerable<Approver> Approvers => PrimaryApprovers.Concat(FallbackApprovers);
    }

    /// <summary>
    /// An approver (a <c>subjectSet</c>): a named user (singleUser), the members of a group (groupMembers), or a
    /// relation to the requestor (requestorManager, internalSponsors, externalSponsors) that names nobody.
    /// </summary>
    public sealed class Approver
    {
        /// <summary>The subject set's type without its namespace, such as singleUser.</summary>
        public string Kind { get; init; } = "";

        /// <summary>The user's or group's id; null for a relation.</summary>
        public string? ObjectId { get; init; }

        public bool IsGroup => Kind == "groupMembers";

        /// <summary>A named user or group, as opposed to a relation to the requestor.</summary>
        public bool NamesSomeone => IsGroup || Kind == "singleUser";
    }

    /// <summary>A user or group an approval stage names, as the directory returns it.</summary>
    public sealed class DirectoryApprover
    {
        public string Id { get; init; } = "";
        public string? DisplayName { get; init; }
        public bool IsGroup { get; init; }

        /// <summary>A user's <c>accountEnabled</c>; null for a group, or when Graph did not return it.</summary>
        public bool? AccountEnabled { get; init; }

        /// <summary>Whether a group has a member; null for a user, or when Graph did not return the members.</summary>
        public bool? HasMembers { get; init; }

        public override string ToString() => $"{(IsGroup ? "group" : "user")} '{DisplayName ?? Id}'";
    }
}
