using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace EntraGuard.Response
{
    /// <summary>
    /// What a response would do, from its request alone, without a tenant to read: the reads its plan starts with
    /// and the change its action makes. Nothing in it was checked against the tenant: the target may be gone, or
    /// the change already made.
    /// </summary>
    public sealed class OfflinePlan
    {
        internal OfflinePlan(ResponseRequest request, IReadOnlyList<DirectoryOperation> reads)
        {
            Request = request;
            Reads = reads;
        }

        public ResponseRequest Request { get; }

        /// <summary>The reads a plan against the tenant starts with.</summary>
        public IReadOnlyList<DirectoryOperation> Reads { get; }

        /// <summary>The change, in words, with the ids the request names.</summary>
        public string Change =>
            Request.Action switch
            {
                ResponseAction.RevokeCredential => $"remove credential {Request.KeyId} from {Owner()}",
                ResponseAction.DisableServicePrincipal => $"disable service principal {Request.ServicePrincipalId}",
                ResponseAction.EnableServicePrincipal => $"enable service principal {Request.ServicePrincipalId}",
                ResponseAction.RevokeUserSession => $"revoke the sign-in sessions of user {Request.UserId}",
                ResponseAction.DisableUser => $"disable user {Request.UserId}",
                ResponseAction.EnableUser => $"enable user {Request.UserId}",
                ResponseAction.RestoreGroupMember => $"add {Request.MemberId} back to group {Request.GroupId}",
                _ => $"issue a temporary access pass to user {Request.UserId}",
            };

        private string Owner() =>
            Request.ServicePrincipalId is { } servicePrincipal
                ? $"service principal {servicePrincipal}"
                : $"application {Request.ApplicationId}";

        public override string ToString()
        {
            var text = new StringBuilder($"{Request.Action}: {Change} (not checked against the tenant)");
            if (Request.RiskEventId != null)
                text.Append("\n  finding: ").Append(Request.RiskEventId);
            foreach (var read in Reads)
                text.Append("\n  read:  ").Append(read);
            text.Append("\n  then:  the calls that make the change, decided from what the reads find");
            return text.ToString();
        }
    }
}
