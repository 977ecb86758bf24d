using System.Collections.Generic;
using EntraGuard.Posture.ConditionalAccess;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Every sign-in of members and guests to one application (by app id) is blocked or needs MFA: a policy for all
    /// resources, one naming the app, or one per client type all count, as the evaluator finds them.
    /// </summary>
    internal abstract class AppMfaCheck : SignInRequirementCheck
    {
        protected AppMfaCheck(string id, string appName, string appId, string rationale, string remediation)
            : base(
                id,
                $"Every sign-in to {appName} is blocked or needs MFA",
                Severity.High,
                PostureLicence.EntraIdP1,
                rationale,
                remediation,
                SignInPopulation.Everyone
            )
        {
            AppName = appName;
            AppId = appId;
        }

        public string AppName { get; }

        public string AppId { get; }

        protected override string Requirement => "needs MFA";

        protected override string FailHeadline => $"sign-ins to {AppName} can pass without MFA";

        protected override IReadOnlyList<ConditionalAccessPolicy> MetBy(SignInEvaluation evaluation) =>
            evaluation.MfaRequiredBy;

        protected override IEnumerable<SignIn> Shapes(SignIn person) => new[] { Like(person, application: AppId) };
    }
}
