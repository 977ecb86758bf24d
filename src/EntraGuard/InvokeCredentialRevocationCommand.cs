using System.Management.Automation;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes a credential (client secret or certificate) from a service principal and/or its
    /// application, by key id.</para>
    /// </summary>
    [Cmdlet(
        VerbsLifecycle.Invoke,
        "CredentialRevocation",
        SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByIdSet
    )]
    [OutputType(typeof(ActionResult))]
    public sealed class InvokeCredentialRevocationCommand : ResponseCmdlet
    {
        private const string ByIdSet = "ById";

        /// <summary><para type="description">The service principal's object id.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "ObjectId")]
        public string? ServicePrincipalId { get; set; }

        /// <summary><para type="description">The application's object id.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        public string? ApplicationId { get; set; }

        /// <summary><para type="description">The key id of the credential to remove.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string KeyId { get; set; } = "";

        /// <summary><para type="description">Password or AsymmetricX509Cert, as the finding reported it
        /// (informational).</para></summary>
        [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        public string? KeyType { get; set; }

        /// <summary><para type="description">Remove the credential even from the application EntraGuard is connected
        /// as.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override ResponseAction Action => ResponseAction.RevokeCredential;

        protected override ResponseRequest CreateRequest() =>
            new()
            {
                ServicePrincipalId = NullIfEmpty(ServicePrincipalId),
                ApplicationId = NullIfEmpty(ApplicationId),
                KeyId = KeyId,
                KeyType = NullIfEmpty(KeyType),
                Force = Force,
            };

        private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
