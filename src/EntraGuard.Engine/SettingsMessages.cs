using System;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace EntraGuard
{
    /// <summary>
    /// YamlDotNet's words for a bad settings file ("Property 'x' not found on type 'EntraGuard.EntraGuardSettings'",
    /// "The input string 'ten' was not in a correct format.") as one plain line naming the key and what it takes.
    /// </summary>
    internal static class SettingsMessages
    {
        private static readonly Regex UnknownProperty = new(
            @"^Property '(?<key>[^']*)' not found on type '(?<type>[^']*)'"
        );
        private static readonly Regex BadValue = new(@"^The input string '(?<value>.*)' was not in a correct format");
        private static readonly Regex WrongShape = new(@"^Expected '(?<expected>\w+)', got '(?<found>\w+)'");

        public static string Plain(YamlException exception, string text)
        {
            var message = exception.InnerException?.Message is { Length: > 0 } inner ? inner : exception.Message;
            var close = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0)
            {
                message = message.Substring(close + 3);
            }
            var key = KeyAt(text, exception.Start.Line);

            var unknown = UnknownProperty.Match(message);
            if (unknown.Success)
            {
                var known = KnownKeys(unknown.Groups["type"].Value);
                var guess = Spelling.Suggest(unknown.Groups["key"].Value, known);
                return $"unknown setting {InputText.Quote(unknown.Groups["key"].Value)}"
                    + (guess is null ? "" : $"; did you mean '{guess}'?")
                    + $" (known: {string.Join(", ", known)})";
            }
            var bad = BadValue.Match(message);
            if (bad.Success)
                return $"{key}: {InputText.Quote(bad.Groups["value"].Value)} is not a whole number";
            if (exception.InnerException is OverflowException)
                return $"{key}: the number is too large";
            var shape = WrongShape.Match(message);
            if (shape.Success)
            {
                var expected = Shape(shape.Groups["expected"].Value);
                return $"{key}: expected {expected}, found {Shape(shape.Groups["found"].Value)}";
            }
            return message;
        }

        private static readonly Regex UnmappedJson = new(
            @"^The JSON property '(?<key>[^']*)' could not be mapped .* type '(?<type>[^']*)'"
        );
        private static readonly Regex UnconvertibleJson = new(
            @"^The JSON value could not be converted to (?<type>[\w.]+)"
        );

        /// <summary>System.Text.Json's words for a bad settings file as one plain line (field named apart).</summary>
        public static string Plain(System.Text.Json.JsonException exception)
        {
            var message = exception.Message.Split(new[] { " Path:" }, StringSplitOptions.None)[0];
            var unmapped = UnmappedJson.Match(message);
            if (unmapped.Success)
            {
                var known = KnownKeys(unmapped.Groups["type"].Value);
                var guess = Spelling.Suggest(unmapped.Groups["key"].Value, known);
                return "unknown setting"
                    + (guess is null ? "" : $"; did you mean '{guess}'?")
                    + $" (known: {string.Join(", ", known)})";
            }
            var unconvertible = UnconvertibleJson.Match(message);
            if (unconvertible.Success)
                return $"expected {Expected(unconvertible.Groups["type"].Value.TrimEnd('.'))}";
            return message;
        }

        private static string Expected(string dotNetType) =>
            dotNetType switch
            {
                "System.Int32" or "System.Int64" => "a whole number",
                "System.String" => "a text value",
                "System.Boolean" => "true or false",
                _ when dotNetType.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "a list",
                _ => "a value of another shape",
            };

        private static string Shape(string yamlEvent) =>
            yamlEvent switch
            {
                "SequenceStart" => "a list",
                "MappingStart" => "a mapping (key: value lines)",
                "Scalar" => "a single value",
                _ => yamlEvent,
            };

        // The key written on the line YamlDotNet points at ("  historyDays: ten" -> historyDays).
        private static string KeyAt(string text, long line)
        {
            var lines = text.Split('\n');
            if (line < 1 || line > lines.Length)
                return "the setting";
            var written = lines[line - 1];
            var colon = written.IndexOf(':');
            var key = colon > 0 ? written.Substring(0, colon).Trim().TrimStart('-', ' ') : "";
            return key.Length > 0 ? InputText.OneLine(key, InputText.QuotedLength) : "the setting";
        }

        private static string[] KnownKeys(string typeName)
        {
            var type = typeof(EntraGuardSettings).Assembly.GetType(typeName) ?? typeof(EntraGuardSettings);
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.GetCustomAttribute<YamlIgnoreAttribute>() is null)
                .Select(p =>
                    p.GetCustomAttribute<YamlMemberAttribute>()?.Alias
                    ?? char.ToLowerInvariant(p.Name[0]) + p.Name.Substring(1)
                )
                .OrderBy(k => k, StringComparer.Ordinal)
                .ToArray();
        }
    }
}
