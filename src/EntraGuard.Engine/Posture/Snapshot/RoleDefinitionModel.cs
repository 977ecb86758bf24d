namespace EntraGuard.Posture
{
    /// <summary>A directory role definition (<c>roleManagement/directory/roleDefinitions</c>): built-in or
    /// custom.</summary>
    public sealed class RoleDefinition
    {
        public string Id { get; init; } = "";

        /// <summary>The template id policies name the role by; for a built-in role it equals the id.</summary>
        public string? TemplateId { get; init; }

        public string DisplayName { get; init; } = "";
    }
}
