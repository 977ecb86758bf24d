using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>An application object or service principal, seen only as a holder of credentials.</summary>
    internal sealed class CredentialHolder
    {
        private CredentialHolder(
            string objectType,
            string objectId,
            string appId,
            string displayName,
            IReadOnlyList<AppCredential> credentials
        )
        {
            ObjectType = objectType;
            ObjectId = objectId;
            AppId = appId;
            DisplayName = displayName;
            Credentials = credentials;
        }

        /// <summary>application or servicePrincipal.</summary>
        public string ObjectType { get; }

        public string ObjectId { get; }
        public string AppId { get; }
        public string DisplayName { get; }
        public IReadOnlyList<AppCredential> Credentials { get; }

        public override string ToString() =>
            $"{(ObjectType == "application" ? "application" : "service principal")} '{DisplayName}' ({AppId})";

        public PostureFinding Finding(string detail, AppCredential? credential = null) =>
            new()
            {
                TargetId = ObjectId,
                TargetName = DisplayName,
                TargetType = ObjectType,
                AppId = AppId,
                KeyId = credential?.KeyId,
                Detail = $"{this}: {detail}",
            };

        public static CredentialHolder Of(ApplicationObject app) =>
            new("application", app.Id, app.AppId, app.DisplayName, app.Credentials);

        public static CredentialHolder Of(ServicePrincipalObject sp) =>
            new("servicePrincipal", sp.Id, sp.AppId, sp.DisplayName, sp.Credentials);

        /// <summary>
        /// Every application and service principal whose credentials sign it in. Managed identities are left out (Azure
        /// rotates their keys), and so are SAML principals' own credentials (their token-signing certificate and its
        /// password).
        /// </summary>
        public static IReadOnlyList<CredentialHolder> SigningIn(
            IEnumerable<ApplicationObject> apps,
            IEnumerable<ServicePrincipalObject> principals
        ) =>
            apps.Select(Of)
                .Concat(principals.Where(sp => !sp.IsManagedIdentity && !sp.UsesSamlSignOn).Select(Of))
                .ToArray();
    }
}
