using System.Linq;
using EntraGuard.Response;

namespace EntraGuard.Engine.Tests.Response
{
    public sealed class ResponseScopeTests
    {
        private const string Sp = "3f0c9a51-6c1e-4d2b-9a7e-5b1c2d3e4f50";
        private const string Key = "6b0d6b1e-2f3a-4c5d-8e9f-0a1b2c3d4e5f";

        private static ResponseRequest Finding(
            string rule,
            string suggested,
            bool? historyComplete = null,
            string? keyId = Key
        ) =>
            new()
            {
                Action = ResponseAction.RevokeCredential,
                ServicePrincipalId = Sp,
                KeyId = keyId,
                RiskEventId = rule + "-1",
                RuleId = rule,
                SuggestedResponse = suggested,
                HistoryComplete = historyComplete,
            };

        [Fact]
        public void Only_findings_whose_rule_suggests_the_action_with_complete_history_are_admitted()
        {
            var scope = new ResponseScope();

            Assert.True(scope.Admit(Finding("EG0001", "Invoke-CredentialRevocation", historyComplete: true)));
            Assert.True(scope.Admit(Finding("EG0012", "revokeCredential")));
            Assert.False(scope.Admit(Finding("EG0002", "Revoke-EntraUserSession")));
            Assert.False(scope.Admit(Finding("EG0001", "Invoke-CredentialRevocation", historyComplete: false)));
            Assert.False(scope.Admit(Finding("EG0013", "Revoke-EntraUserSession", keyId: null)));

            Assert.Equal(3, scope.SkippedCount);
            Assert.Equal(
                new[] { "EG0002-1: EG0002 suggests Revoke-EntraUserSession" },
                scope.Skipped[ResponseSkipReason.OtherResponseSuggested]
            );
            Assert.Equal(
                "1 whose rule suggests another response (-AnyRule includes them), 1 whose rare-actor history is "
                    + "incomplete, 1 lacking what the action needs",
                scope.DescribeSkipped(r => r == ResponseSkipReason.OtherResponseSuggested ? "-AnyRule" : null)
            );
        }

        [Fact]
        public void The_switches_widen_the_scope_but_never_admit_a_request_without_its_keys()
        {
            var scope = new ResponseScope { AnyRule = true, IncludeIncompleteHistory = true };

            Assert.True(scope.Admit(Finding("EG0002", "Revoke-EntraUserSession")));
            Assert.True(scope.Admit(Finding("EG0001", "Invoke-CredentialRevocation", historyComplete: false)));
            Assert.False(scope.Admit(Finding("EG0013", "Revoke-EntraUserSession", keyId: null)));
            Assert.Equal(new[] { ResponseSkipReason.MissingKeys }, scope.Skipped.Keys.ToArray());
        }

        [Fact]
        public void A_suggestion_EntraGuard_cannot_perform_is_another_response()
        {
            var scope = new ResponseScope();
            Assert.False(scope.Admit(Finding("CUSTOM1", "Send-PagerAlert")));
            Assert.True(
                scope.Admit(
                    new ResponseRequest
                    {
                        Action = ResponseAction.RevokeCredential,
                        ServicePrincipalId = Sp,
                        KeyId = Key,
                    }
                )
            );
        }
    }
}
