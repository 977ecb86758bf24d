using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.ModuleBuild.Help
{
    /// <summary>Everything one cmdlet page (docs/Verb-Noun.md) says, in the shape MAML needs.</summary>
    public sealed class CommandHelp
    {
        public string SourceFile { get; init; } = "";
        public string Name { get; init; } = "";
        public string Verb => Name.Substring(0, Name.IndexOf('-'));
        public string Noun => Name.Substring(Name.IndexOf('-') + 1);
        public string ExternalHelpFile { get; init; } = "";
        public string? OnlineVersion { get; init; }
        public string Synopsis { get; init; } = "";
        public IReadOnlyList<string> Description { get; init; } = Array.Empty<string>();
        public IReadOnlyList<SyntaxHelp> Syntax { get; init; } = Array.Empty<SyntaxHelp>();
        public IReadOnlyList<ExampleHelp> Examples { get; init; } = Array.Empty<ExampleHelp>();
        public IReadOnlyList<ParameterHelp> Parameters { get; init; } = Array.Empty<ParameterHelp>();
        public bool SupportsCommonParameters { get; init; }
        public IReadOnlyList<TypeHelp> Inputs { get; init; } = Array.Empty<TypeHelp>();
        public IReadOnlyList<TypeHelp> Outputs { get; init; } = Array.Empty<TypeHelp>();
        public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();
        public IReadOnlyList<LinkHelp> RelatedLinks { get; init; } = Array.Empty<LinkHelp>();

        public ParameterHelp? FindParameter(string name) =>
            Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>One parameter set's syntax block: its name, whether it is the default, and the parameters it lists in
    /// order.</summary>
    public sealed record SyntaxHelp(
        string ParameterSetName,
        bool IsDefault,
        string Text,
        IReadOnlyList<string> ParameterNames
    );

    public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks, int Line);

    public sealed class ParameterHelp
    {
        public string Name { get; init; } = "";
        public IReadOnlyList<string> Description { get; init; } = Array.Empty<string>();

        /// <summary>One yaml block per distinct set of metadata (PlatyPS writes several when sets differ).</summary>
        public IReadOnlyList<ParameterMetadataHelp> Metadata { get; init; } = Array.Empty<ParameterMetadataHelp>();

        public int Line { get; init; }

        /// <summary>The metadata that applies in <paramref name="parameterSetName"/>, or null if the parameter is not
        /// in it.</summary>
        public ParameterMetadataHelp? InSet(string parameterSetName) =>
            Metadata.FirstOrDefault(m =>
                m.AppliesToAllSets || m.ParameterSets.Contains(parameterSetName, StringComparer.OrdinalIgnoreCase)
            );
    }

    public sealed class ParameterMetadataHelp
    {
        public const string AllSets = "(All)";

        public string Type { get; init; } = "";
        public IReadOnlyList<string> ParameterSets { get; init; } = Array.Empty<string>();
        public bool AppliesToAllSets => ParameterSets.Count == 1 && ParameterSets[0] == AllSets;
        public IReadOnlyList<string> Aliases { get; init; } = Array.Empty<string>();
        public bool Required { get; init; }

        /// <summary>The position, or null for a named parameter.</summary>
        public int? Position { get; init; }

        public string DefaultValue { get; init; } = "None";
        public bool ByValue { get; init; }
        public bool ByPropertyName { get; init; }
        public bool AcceptsWildcards { get; init; }

        public bool IsSwitch => string.Equals(Type, "SwitchParameter", StringComparison.OrdinalIgnoreCase);
        public bool IsArray => Type.EndsWith("[]", StringComparison.Ordinal);

        /// <summary>MAML's pipelineInput text, as PowerShell prints it: "True (ByPropertyName, ByValue)" or
        /// "False".</summary>
        public string PipelineInputText =>
            !ByValue && !ByPropertyName
                ? "False"
                : "True ("
                    + string.Join(
                        ", ",
                        new[] { ByPropertyName ? "ByPropertyName" : null, ByValue ? "ByValue" : null }.Where(s =>
                            s != null
                        )
                    )
                    + ")";
    }

    public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

    public sealed record LinkHelp(string Text, string Uri);
}
