using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>A check over the method configurations of the authentication methods policy.</summary>
    internal abstract class AuthenticationMethodCheck : PostureCheck
    {
        protected AuthenticationMethodCheck(
            string id,
            string title,
            Severity severity,
            string rationale,
            string remediation,
            params string[] frameworks
        )
            : base(
                id,
                title,
                severity,
                "Authentication methods",
                PostureData.AuthenticationMethodsPolicy,
                PostureLicence.None,
                rationale,
                remediation
            )
        {
            Frameworks = frameworks;
        }

        protected abstract CheckOutcome Evaluate(IReadOnlyList<AuthenticationMethodSetting> methods, string source);

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var policy = context.Require(
                context.Snapshot.AuthenticationMethodsPolicy,
                PostureData.AuthenticationMethodsPolicy
            );
            var source = context.Snapshot.SourceOf(PostureData.AuthenticationMethodsPolicy);
            // Every tenant has method configurations; none means the answer left them out, not that all are off.
            return policy.Methods.Count == 0
                ? CheckOutcome.Skip(
                    $"skipped: {source} returned no authenticationMethodConfigurations",
                    new[] { $"{source}: authenticationMethodConfigurations = []" }
                )
                : Evaluate(policy.Methods, source);
        }

        protected static AuthenticationMethodSetting? Method(
            IReadOnlyList<AuthenticationMethodSetting> methods,
            string id
        ) => methods.FirstOrDefault(method => string.Equals(method.Id, id, StringComparison.OrdinalIgnoreCase));
    }
}
