using System;
using System.Linq;
using System.Text;
using EntraGuard.Ingest;

namespace EntraGuard.Tests.Ingest
{
    /// <summary>Property names map to fields ignoring ASCII case, and nothing else maps to a field.</summary>
    public class FieldNamesTests
    {
        private static Field Lookup(string name) => FieldNames.Lookup(Encoding.UTF8.GetBytes(name));

        public static TheoryData<string> EveryField() =>
            new(
                Enum.GetValues(typeof(Field))
                    .Cast<Field>()
                    .Where(f => f is not Field.Unknown and not Field.NextLink)
                    .Select(f => f.ToString())
            );

        [Theory]
        [MemberData(nameof(EveryField))]
        public void Every_field_is_found_in_any_casing_and_a_near_miss_is_not(string fieldName)
        {
            var field = (Field)Enum.Parse(typeof(Field), fieldName);
            var name = char.ToLowerInvariant(fieldName[0]) + fieldName.Substring(1); // camelCase, as Graph writes it

            Assert.Equal(field, Lookup(name));
            Assert.Equal(field, Lookup(name.ToUpperInvariant()));
            Assert.Equal(field, Lookup(name.ToLowerInvariant()));
            // The same length with one character changed, at each end and in the middle: bytes that differ from a
            // letter only in bit 0x20 ('@' and '`' around the alphabet, '[' and '{') must not pass for it.
            foreach (var at in new[] { 0, name.Length / 2, name.Length - 1 })
            {
                foreach (var replacement in new[] { '@', '`', '[', '{', '_', '0', '\u00e9' })
                {
                    var changed = name.Substring(0, at) + replacement + name.Substring(at + 1);
                    Assert.NotEqual(field, Lookup(changed));
                }
            }
        }

        [Theory]
        [InlineData("@odata.nextLink", true)]
        [InlineData("@ODATA.NEXTLINK", true)]
        [InlineData("@odata.deltaLink", false)]
        [InlineData("`odata.nextLink", false)]
        [InlineData("@odata_nextLink", false)]
        [InlineData("@odata.nextLin", false)]
        public void The_next_link_annotation_is_recognised_in_any_casing(string name, bool isNextLink) =>
            Assert.Equal(isNextLink, FieldNames.IsNextLink(Encoding.UTF8.GetBytes(name)));
    }
}
