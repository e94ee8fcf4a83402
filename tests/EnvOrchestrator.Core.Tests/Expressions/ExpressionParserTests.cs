using EnvOrchestrator.Core.Expressions;

namespace EnvOrchestrator.Core.Tests.Expressions;

public sealed class ExpressionParserTests
{
    [Fact]
    public void Parse_PlainText_IsLiteral()
    {
        var result = ExpressionParser.Parse("just text");

        Assert.True(result.Expression!.IsLiteral);
        Assert.Equal("just text", result.Expression.LiteralText);
    }

    [Fact]
    public void Parse_OutputReference_HasResourceAndName()
    {
        var result = ExpressionParser.Parse("${resources.net.outputs.subnet_id}");

        var reference = result.Expression!.WholeReference!;
        Assert.Equal(ReferenceRoot.ResourceOutput, reference.Root);
        Assert.Equal("net", reference.Resource);
        Assert.Equal("subnet_id", reference.Name);
    }

    [Fact]
    public void Parse_SpacesInsideBraces_AreIgnored()
    {
        var result = ExpressionParser.Parse("${ inputs.region }");

        Assert.Equal("inputs.region", result.Expression!.WholeReference!.ToString());
    }

    [Fact]
    public void Parse_Interpolation_SplitsLiteralAndReferences()
    {
        var result = ExpressionParser.Parse("${environment.name}-cache-${project.name}");

        Assert.Null(result.Expression!.WholeReference);
        Assert.Equal(3, result.Expression.Segments.Length);
        Assert.Equal(2, result.Expression.References.Count());
    }

    [Fact]
    public void Parse_EscapedDollarBrace_StaysLiteral()
    {
        var result = ExpressionParser.Parse("echo $${HOME} and ${inputs.x}");

        Assert.Equal("echo ${HOME} and ", ((LiteralSegment)result.Expression!.Segments[0]).Text);
        Assert.Single(result.Expression.References);
    }

    [Fact]
    public void Parse_AccessorsAfterName_AreParsed()
    {
        var result = ExpressionParser.Parse("${resources.db.outputs.hosts[0].name}");

        var reference = result.Expression!.WholeReference!;
        Assert.Equal("hosts", reference.Name);
        Assert.Equal(2, reference.Accessors.Length);
        Assert.Equal(0, reference.Accessors[0].Index);
        Assert.Equal("name", reference.Accessors[1].Key);
    }

    [Fact]
    public void Parse_QuotedKeyAccessor_IsParsed()
    {
        var result = ExpressionParser.Parse("${inputs.tags[\"cost-center\"]}");

        Assert.Equal("cost-center", result.Expression!.WholeReference!.Accessors[0].Key);
    }

    [Theory]
    [InlineData("${inputs.x")]
    [InlineData("${var.x}")]
    [InlineData("${}")]
    [InlineData("${resources.a.output.b}")]
    [InlineData("${inputs.}")]
    [InlineData("${inputs.x[abc]}")]
    [InlineData("${environment.id}")]
    public void Parse_Invalid_ReturnsError(string text)
    {
        var result = ExpressionParser.Parse(text);

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public void Parse_DollarWithoutBrace_IsLiteral()
    {
        var result = ExpressionParser.Parse("costs $5 {not a ref}");

        Assert.True(result.Expression!.IsLiteral);
        Assert.Equal("costs $5 {not a ref}", result.Expression.LiteralText);
    }
}
