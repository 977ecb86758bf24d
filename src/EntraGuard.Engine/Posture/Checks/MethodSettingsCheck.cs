using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// The values one method's configuration in the authentication methods policy must hold. A method the policy does
    /// not list is Skipped; a method that is off passes when the values only matter while it is on.
    /// </summary>
    internal abstract class MethodSettingsCheck : AuthenticationMethodCheck
    {
        private readonly string _method;
        private readonly bool _passesWhenOff;
        private readonly string _failHeadline;
        private readonly string _passReason;
        private readonly IReadOnlyList<RequiredValue> _required;

        protected MethodSettingsCheck(
            string id,
            string title,
            Severity severity,
            string rationale,
            string remediation,
            string method,
            bool passesWhenOff,
            string failHeadline,
            string passReason,
            IReadOnlyList<RequiredValue> required,
            params string[] frameworks
        )
            : base(id, title, severity, rationale, remediation, frameworks)
        {
            _method = method;
            _passesWhenOff = passesWhenOff;
            _failHeadline = failHeadline;
            _passReason = passReason;
            _required = required;
        }

        protected override CheckOutcome Evaluate(IReadOnlyList<AuthenticationMethodSetting> methods, string source)
        {
            var method = Method(methods, _method);
            if (method is null)
            {
                return CheckOutcome.Skip(
                    $"skipped: {source} did not list {_method}",
                    new[] { $"{source}: no {_method} configuration" }
                );
            }
            var state = $"{source}: {_method}.state = {method.State}";
            if (_passesWhenOff && !method.IsEnabled)
                return CheckOutcome.Pass($"{_method} is turned off", new[] { state });
            return RequiredValue.Judge(
                _required,
                property => method.Values.TryGetValue(property, out var values) ? values : null,
                source,
                _method,
                "authenticationMethod",
                _failHeadline,
                _passReason,
                new[] { state }
            );
        }
    }
}
