using System;

namespace EntraGuard.Export
{
    /// <summary>What a rule field path names, split the way the exporters need it (see <c>Fields</c> for the
    /// grammar).</summary>
    internal sealed class FieldPath
    {
        private const string TargetsPrefix = "targetResources[";
        private const string DetailsPrefix = "additionalDetails.";
        private const string ModifiedPrefix = "modifiedProperties.";

        private FieldPath(string path) => Path = path;

        public string Path { get; }

        /// <summary>For event-level paths: the path itself, lower-cased (e.g. <c>initiatedby.key</c>).</summary>
        public string? EventName { get; private set; }

        /// <summary>For <c>additionalDetails.&lt;key&gt;</c>: the key.</summary>
        public string? DetailKey { get; private set; }

        /// <summary>True for <c>targetResources[…]</c> paths: they have one value per selected target.</summary>
        public bool IsTarget { get; private set; }

        /// <summary>The target type the path selects; null for every target (<c>[*]</c>).</summary>
        public string? TargetType { get; private set; }

        /// <summary>The target property (id, displayName, type, userPrincipalName, groupType); null for modified
        /// properties.</summary>
        public string? TargetProperty { get; private set; }

        /// <summary>The modified property's display name, for
        /// <c>modifiedProperties.&lt;Name&gt;.oldValue|newValue</c>.</summary>
        public string? ModifiedProperty { get; private set; }

        public bool ModifiedOldValue { get; private set; }

        /// <summary>Splits a path the rule loader already accepted.</summary>
        public static FieldPath Parse(string path)
        {
            var field = new FieldPath(path);
            if (path.StartsWith(DetailsPrefix, StringComparison.OrdinalIgnoreCase))
            {
                field.DetailKey = path.Substring(DetailsPrefix.Length);
                return field;
            }
            if (!path.StartsWith(TargetsPrefix, StringComparison.OrdinalIgnoreCase))
            {
                field.EventName = path.ToLowerInvariant();
                return field;
            }

            var close = path.IndexOf("].", StringComparison.Ordinal);
            var selector = path.Substring(TargetsPrefix.Length, close - TargetsPrefix.Length).Trim();
            var rest = path.Substring(close + 2);
            field.IsTarget = true;
            field.TargetType = selector == "*" ? null : selector;
            if (rest.StartsWith(ModifiedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var tail = rest.Substring(ModifiedPrefix.Length);
                var old = tail.EndsWith(".oldValue", StringComparison.OrdinalIgnoreCase);
                field.ModifiedOldValue = old;
                field.ModifiedProperty = tail.Substring(0, tail.Length - (old ? ".oldValue" : ".newValue").Length);
            }
            else
            {
                field.TargetProperty = rest;
            }
            return field;
        }

        public override string ToString() => Path;
    }
}
