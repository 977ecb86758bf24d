using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Maester's MT.1110 compares each catalog's resources with the role scopes of the catalog's access packages,
    /// reading every package's scopes one request at a time, and passes over a catalog without packages. Here the
    /// scopes come inline with the packages, and a catalog without packages counts: every resource in it is unused.
    /// </summary>
    internal sealed class UnusedCatalogResourcesCheck : PostureCheck
    {
        public UnusedCatalogResourcesCheck()
            : base(
                "EGP112",
                "Catalog resources all belong to some access package",
                Severity.Low,
                "Entitlement management",
                PostureData.AccessPackageCatalogs | PostureData.AccessPackages,
                PostureLicence.Pim,
                "A group, application or site added to a catalog but handed out by no access package is access "
                    + "nobody governs there: the catalog's owners can put it in a new package at will, and a "
                    + "resource left over from a removed package hides that the access it gave was never "
                    + "reviewed away. Entitlement management needs Microsoft Entra ID P2 or ID Governance.",
                "Add the resource's role to an access package, or remove the resource from the catalog (Entra "
                    + "admin center → Identity governance → Entitlement management → Catalogs → the catalog → "
                    + "Resources; Graph: POST /identityGovernance/entitlementManagement/resourceRequests with "
                    + "requestType adminRemove)."
            )
        {
            Frameworks = new[] { "MT.1110" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var catalogs = context.Require(snapshot.AccessPackageCatalogs, PostureData.AccessPackageCatalogs);
            var packages = context.Require(snapshot.AccessPackages, PostureData.AccessPackages);
            var resources = catalogs.Sum(catalog => catalog.Resources.Count);
            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.AccessPackageCatalogs)}: {catalogs.Count} catalog(s) holding "
                    + $"{resources} resource(s)",
                $"{snapshot.SourceOf(PostureData.AccessPackages)}: {packages.Count} access package(s) assigning "
                    + $"{packages.Sum(p => p.RoleScopes.Count)} resource role(s)",
            };
            var findings = catalogs
                .SelectMany(catalog =>
                {
                    var used = UsedIn(catalog, packages);
                    return catalog
                        .Resources.Where(r => r.OriginId is { Length: > 0 } id && !used.Contains(id))
                        .Select(resource => new PostureFinding
                        {
                            TargetId = resource.OriginId!,
                            TargetName = resource.DisplayName,
                            TargetType = resource.OriginSystem ?? "resource",
                            Detail = $"{resource} in {catalog} is assigned by none of its access packages",
                        });
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "catalog resources that no access package hands out",
                resources == 0
                    ? "no catalog holds a resource"
                    : $"each of the {resources} catalog resource(s) is assigned by an access package",
                evidence
            );
        }

        // A package Graph returned without its catalog cannot be placed, so its scopes count in every catalog:
        // a resource is called unused only when no package can be using it.
        private static ISet<string> UsedIn(AccessPackageCatalog catalog, IReadOnlyList<AccessPackage> packages) =>
            new HashSet<string>(
                packages
                    .Where(p =>
                        p.CatalogId is null
                        || string.Equals(p.CatalogId, catalog.Id, StringComparison.OrdinalIgnoreCase)
                    )
                    .SelectMany(p => p.RoleScopes)
                    .Select(scope => scope.OriginId)
                    .OfType<string>(),
                StringComparer.OrdinalIgnoreCase
            );
    }
}
