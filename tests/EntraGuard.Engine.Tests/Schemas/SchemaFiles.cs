using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EntraGuard.Tests.Schemas
{
    /// <summary>
    /// The published schemas (schemas/*.schema.json) and the YAML-to-JSON step an editor's YAML language server
    /// performs before validating: plain scalars resolve by the YAML 1.2 core schema, quoted ones stay text.
    /// </summary>
    internal static class SchemaFiles
    {
        public const string BaseUri = "https://entraguard.dev/schemas/";
        public const string Settings = "settings";
        public const string Suppressions = "suppressions";
        public const string Rule = "rule";

        public static readonly string[] Names = { Settings, Suppressions, Rule };

        private static readonly Regex CoreInteger = new(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex CoreFloat = new(
            @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$",
            RegexOptions.CultureInvariant
        );

        public static string PathOf(string name) =>
            Path.Combine(TestFiles.RepositoryRoot, "schemas", name + ".schema.json");

        public static JsonObject Document(string name) => (JsonObject)JsonNode.Parse(File.ReadAllText(PathOf(name)))!;

        public static JsonSchema Load(string name) => JsonSchema.FromText(File.ReadAllText(PathOf(name)));

        /// <summary>Each YAML document of the text as JSON; an empty document is JSON null.</summary>
        public static IReadOnlyList<JsonNode?> YamlToJson(string yaml)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents.Select(document => ToJson(document.RootNode)).ToList();
        }

        /// <summary>The schema's complaints about an instance, as "instance-location: message" lines.</summary>
        public static IReadOnlyList<string> Errors(JsonSchema schema, JsonNode? instance)
        {
            var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (results.IsValid)
                return Array.Empty<string>();
            return results
                .Details.Where(detail => detail.HasErrors)
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"))
                .ToList();
        }

        private static JsonNode? ToJson(YamlNode node) =>
            node switch
            {
                YamlMappingNode mapping => new JsonObject(
                    mapping.Children.Select(pair =>
                        KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value))
                    )
                ),
                YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
                YamlScalarNode scalar => Scalar(scalar),
                _ => throw new NotSupportedException($"Cannot convert {node.NodeType} at line {node.Start.Line}."),
            };

        private static JsonNode? Scalar(YamlScalarNode scalar)
        {
            var text = scalar.Value ?? "";
            if (scalar.Style != ScalarStyle.Plain)
                return JsonValue.Create(text);
            if (text is "" or "~" or "null" or "Null" or "NULL")
                return null;
            if (text is "true" or "True" or "TRUE")
                return JsonValue.Create(true);
            if (text is "false" or "False" or "FALSE")
                return JsonValue.Create(false);
            if (CoreInteger.IsMatch(text))
                return JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture));
            if (CoreFloat.IsMatch(text))
                return JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture));
            return JsonValue.Create(text);
        }
    }
}
