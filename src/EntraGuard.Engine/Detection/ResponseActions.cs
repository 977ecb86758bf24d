using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Detection
{
    /// <summary>
    /// The response cmdlets rules may suggest, by the action key rule files use. The one place their names live, so
    /// a rename touches this table only.
    /// </summary>
    public static class ResponseActions
    {
        public const string RevokeCredential = "revokeCredential";
        public const string DisableServicePrincipal = "disableServicePrincipal";
        public const string RevokeUserSession = "revokeUserSession";
        public const string DisableUser = "disableUser";
        public const string RestoreGroupMember = "restoreGroupMember";
        public const string IssueTemporaryAccessPass = "issueTemporaryAccessPass";

        /// <summary>Action key → the cmdlet that performs it (and which RiskEvent properties it binds).</summary>
        public static IReadOnlyDictionary<string, string> Cmdlets { get; } =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                [RevokeCredential] = "Invoke-CredentialRevocation", // ServicePrincipalId / ApplicationId + KeyId
                [DisableServicePrincipal] = "Disable-EntraServicePrincipal", // ServicePrincipalId
                [RevokeUserSession] = "Revoke-EntraUserSession", // UserId
                [DisableUser] = "Disable-EntraUser", // UserId
                [RestoreGroupMember] = "Restore-EntraGroupMember", // GroupId + MemberId
                [IssueTemporaryAccessPass] = "New-EntraTemporaryAccessPass", // UserId
            };

        /// <summary>
        /// The action a finding's suggested response performs (by cmdlet name or action key, any case), or null for
        /// a suggestion EntraGuard does not perform. The action keys are the enum's names in camel case.
        /// </summary>
        public static Response.ResponseAction? ActionOf(string suggested)
        {
            var key =
                Cmdlets.FirstOrDefault(c => string.Equals(c.Value, suggested, StringComparison.OrdinalIgnoreCase)).Key
                ?? suggested;
            return Enum.TryParse<Response.ResponseAction>(key, ignoreCase: true, out var action) ? action : null;
        }
    }
}
