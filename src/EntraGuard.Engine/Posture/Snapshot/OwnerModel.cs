namespace EntraGuard.Posture
{
    /// <summary>An owner of an application registration (<c>applications?$expand=owners($select=id)</c>): its object
    /// id and kind, all Graph returns for it.</summary>
    public sealed class DirectoryOwner
    {
        public string Id { get; init; } = "";

        /// <summary>user, servicePrincipal, … (from <c>@odata.type</c>); null when Graph did not say.</summary>
        public string? Type { get; init; }

        public bool IsUser => Type is null or "user";

        public override string ToString() => $"{Type ?? "object"} {Id}";
    }
}
