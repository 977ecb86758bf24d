namespace EntraGuard.Graph.Tests
{
    /// <summary>
    /// Tests that set process-wide environment variables (ENTRAGUARD_ACCESS_TOKEN for the command line) belong to this
    /// collection, so they never run at the same time as each other.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class ProcessEnvironment
    {
        public const string Name = "Process environment";
    }
}
