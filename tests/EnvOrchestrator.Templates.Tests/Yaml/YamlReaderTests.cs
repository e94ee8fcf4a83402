using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Templates.Yaml;

namespace EnvOrchestrator.Templates.Tests.Yaml;

public sealed class YamlReaderTests
{
    [Fact]
    public void Read_NestedValue_RecordsLineAndColumnOfPath()
    {
        var result = YamlReader.Read("spec:\n  resources:\n    - name: a\n      inputs:\n        subnet_id: x\n", YamlLimits.Default);

        var document = Assert.Single(result.Documents);
        Assert.Equal(new SourcePosition(5, 9), document.Positions["spec.resources[0].inputs.subnet_id"]);
        Assert.Equal(new SourcePosition(3, 7), document.Positions["spec.resources[0]"]);
    }

    [Fact]
    public void Read_SeveralDuplicateKeys_ReportsEachAndKeepsFirst()
    {
        var result = YamlReader.Read("a: 1\nb: 2\na: 3\nb: 4\n", YamlLimits.Default);

        Assert.Equal(2, result.Problems.Length);
        Assert.All(result.Problems, p => Assert.Equal(RuleIds.YamlDuplicateKey, p.RuleId));
        var root = (YamlMapping)Assert.Single(result.Documents).Root;
        Assert.Equal("1", ((YamlScalar)root["a"]!).Text);
    }

    [Fact]
    public void Read_ModestAliasUse_IsAllowed()
    {
        var result = YamlReader.Read("base: &b { type: string }\nx: *b\ny: *b\n", YamlLimits.Default);

        Assert.Empty(result.Problems);
        var root = (YamlMapping)Assert.Single(result.Documents).Root;
        Assert.IsType<YamlMapping>(root["y"]);
    }

    [Fact]
    public void Read_AliasBeyondLimit_ReportsAndDropsDocument()
    {
        var limits = YamlLimits.Default with { MaxAliasExpansion = 3 };

        var result = YamlReader.Read("a: &a [1, 2, 3]\nb: [*a, *a]\n", limits);

        Assert.Equal(RuleIds.YamlAliasLimit, Assert.Single(result.Problems).RuleId);
        Assert.Empty(result.Documents);
    }

    [Fact]
    public void Read_MultipleDocuments_ReturnsEach()
    {
        var result = YamlReader.Read("a: 1\n---\nb: 2\n---\n", YamlLimits.Default);

        Assert.Equal(2, result.Documents.Length);
        Assert.Equal(3, result.Documents[1].Positions["b"].Line);
    }

    [Fact]
    public void Read_VeryDeepNesting_IsStoppedWithoutStackOverflow()
    {
        var text = "x: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var result = YamlReader.Read(text, YamlLimits.Default);

        Assert.Contains(result.Problems, p => p.RuleId is RuleIds.YamlDepthLimit or RuleIds.YamlSyntax);
    }

    [Theory]
    [InlineData("true", "Bool")]
    [InlineData("yes", "Text")]
    [InlineData("~", "Null")]
    [InlineData("1.5e3", "Number")]
    [InlineData("1.2.0", "Text")]
    [InlineData("0x1F", "Text")]
    public void Classify_PlainScalar_FollowsYaml12CoreSchema(string text, string expected)
    {
        Assert.Equal(Enum.Parse<YamlScalars.ScalarType>(expected), YamlScalars.Classify(new YamlScalar(text, true, SourcePosition.Start), out _, out _));
    }

    [Fact]
    public void Classify_QuotedNumber_IsText()
    {
        Assert.Equal(YamlScalars.ScalarType.Text, YamlScalars.Classify(new YamlScalar("42", false, SourcePosition.Start), out _, out _));
    }
}
