using System;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests;
using EntraGuard.Graph.Tests.StandIn;

namespace EntraGuard.Cli.Tests
{
    /// <summary>
    /// A command-line test against the Graph stand-in. The CLI takes its token from ENTRAGUARD_ACCESS_TOKEN, so each
    /// test sets the process's environment; subclasses belong to <see cref="CliEnvironment.Collection"/>, which keeps
    /// them from running in parallel.
    /// </summary>
    public abstract class CliGraphTest : IAsyncLifetime
    {
        /// <param name="tokenMarker">A word inside the fake token, for the tests that prove it never reaches
        /// output.</param>
        protected CliGraphTest(string tokenMarker) => Token = TestConnections.FakeToken(marker: tokenMarker);

        protected GraphStandIn StandIn { get; private set; } = null!;

        protected string Token { get; }

        public async Task InitializeAsync()
        {
            StandIn = await GraphStandIn.StartAsync();
            Environment.SetEnvironmentVariable(AuditSourceOptions.AccessTokenVariable, Token);
        }

        public async Task DisposeAsync()
        {
            Environment.SetEnvironmentVariable(AuditSourceOptions.AccessTokenVariable, null);
            await StandIn.DisposeAsync();
        }
    }
}
