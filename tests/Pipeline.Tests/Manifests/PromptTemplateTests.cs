using Pipeline.Manifests.Reading;

namespace Pipeline.Tests.Manifests;

public sealed class PromptTemplateTests
{
    [Theory]
    [InlineData("A {color} kettle in a {room}", "color,room")]
    [InlineData("A {color} kettle, {color} lid", "color")]
    [InlineData("A {{color}} kettle", "")]
    [InlineData("Braces {Not}, { spaced }, {} and {a-b} stay text", "")]
    [InlineData("No placeholders at all", "")]
    public void Placeholders_FindVarLikeNamesOnly(string text, string expected)
    {
        Assert.Equal(expected, string.Join(',', PromptTemplate.Placeholders(text)));
    }

    [Theory]
    [InlineData("A {color} kettle", "A red kettle")]
    [InlineData("A {{color}} kettle {color}", "A {color} kettle red")]
    [InlineData("JSON-ish {Not} stays", "JSON-ish {Not} stays")]
    [InlineData("}} and {{", "} and {")]
    public void Fill_ReplacesPlaceholdersAndUnescapesBraces(string text, string expected)
    {
        Assert.Equal(expected, PromptTemplate.Fill(text, _ => "red"));
    }
}
