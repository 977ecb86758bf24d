using System;
using System.IO;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace EntraGuard.Bench
{
    /// <summary>
    /// A catalog three times today's, made from today's rules: each built-in rule as it is, plus two variants of it
    /// that keep its logic (kind, conditions, fields, windows) and add one condition the bench data never meets, as
    /// most rules of a large catalog never match most events: one watches another rule's activities and also asks
    /// for an initiating user, the other watches the rule's own activities and also asks for a user agent. A scan
    /// with it shows whether rule cost grows with the rules an activity can match or with the findings they make.
    /// </summary>
    internal static class WideCatalog
    {
        /// <summary>
        /// Writes the two variants of each rule in <paramref name="rulesFolder"/> into <paramref name="folder"/>
        /// (emptied first) and returns it; the built-in rules load beside them.
        /// </summary>
        public static string Write(string rulesFolder, string folder)
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            var files = Directory
                .GetFiles(rulesFolder, "*.yaml")
                .OrderBy(file => file, StringComparer.Ordinal)
                .ToList();
            for (var i = 0; i < files.Count; i++)
            {
                // The donor is half the list away, so that a variant watches activities its rule does not.
                var donorActivities = FirstActivities(Load(files[(i + files.Count / 2) % files.Count]))!;
                Write(
                    folder,
                    files[i],
                    1,
                    donorActivities,
                    "initiatedBy.user.userPrincipalName",
                    "nobody@bench.invalid"
                );
                Write(folder, files[i], 2, null, "userAgent", "EntraGuardBench/0");
            }
            return folder;
        }

        private static void Write(
            string folder,
            string file,
            int variant,
            YamlSequenceNode? activities,
            string field,
            string value
        )
        {
            var rule = Load(file);
            var idKey = new YamlScalarNode("id");
            var id = $"{((YamlScalarNode)rule.Children[idKey]).Value}-v{variant}";
            rule.Children[idKey] = new YamlScalarNode(id);
            Narrow(rule, activities, field, value);
            using var writer = File.CreateText(Path.Combine(folder, id + ".yaml"));
            new YamlStream(new YamlDocument(rule)).Save(writer, assignAnchors: false);
        }

        private static YamlMappingNode Load(string path)
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(path))
                stream.Load(reader);
            return (YamlMappingNode)stream.Documents[0].RootNode;
        }

        /// <summary>The first activity list in the rule (its match, or its first step).</summary>
        private static YamlSequenceNode? FirstActivities(YamlNode node) =>
            node switch
            {
                YamlMappingNode map => map
                    .Children.Select(entry =>
                        entry.Key is YamlScalarNode { Value: "activities" } && entry.Value is YamlSequenceNode list
                            ? list
                            : FirstActivities(entry.Value)
                    )
                    .FirstOrDefault(list => list != null),
                YamlSequenceNode sequence => sequence.Children.Select(FirstActivities).FirstOrDefault(l => l != null),
                _ => null,
            };

        /// <summary>
        /// Every part of the rule that names activities (its match, each step) gets the condition <paramref
        /// name="field"/> equals <paramref name="value"/>, and <paramref name="activities"/> when given.
        /// </summary>
        private static void Narrow(YamlNode node, YamlSequenceNode? activities, string field, string value)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    var activitiesKey = new YamlScalarNode("activities");
                    if (map.Children.ContainsKey(activitiesKey))
                    {
                        if (activities != null)
                            map.Children[activitiesKey] = new YamlSequenceNode(
                                activities.Children.Select(a => new YamlScalarNode(((YamlScalarNode)a).Value))
                            );
                        var whereKey = new YamlScalarNode("where");
                        if (!map.Children.TryGetValue(whereKey, out var where))
                            map.Children[whereKey] = where = new YamlSequenceNode();
                        ((YamlSequenceNode)where).Add(
                            new YamlMappingNode(
                                new YamlScalarNode("field"),
                                new YamlScalarNode(field),
                                new YamlScalarNode("equals"),
                                new YamlScalarNode(value)
                            )
                        );
                        break;
                    }
                    foreach (var child in map.Children.Values)
                        Narrow(child, activities, field, value);
                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children)
                        Narrow(child, activities, field, value);
                    break;
            }
        }
    }
}
