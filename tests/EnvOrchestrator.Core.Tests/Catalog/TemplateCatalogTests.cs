using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Core.Tests.Catalog;

public sealed class TemplateCatalogTests
{
    private static readonly TemplateCatalog Catalog = new()
    {
        ResourceTemplates =
        [
            Template("redis", "1.0.0"),
            Template("redis", "1.2.0"),
            Template("redis", "1.3.0", TemplateStatus.Draft),
            Template("redis", "2.0.0"),
        ],
    };

    [Fact]
    public void Resolve_Caret_PicksHighestActiveInMajor()
    {
        var resolution = Catalog.Resolve(Reference("redis@^1.0"));

        Assert.Equal(new SemVersion(1, 2, 0), resolution.Template!.Version);
    }

    [Fact]
    public void Resolve_ExactDraft_IsAllowed()
    {
        var resolution = Catalog.Resolve(Reference("redis@1.3.0"));

        Assert.Equal(TemplateStatus.Draft, resolution.Template!.Status);
    }

    [Fact]
    public void Resolve_RangeAcrossMajors_IsAmbiguous()
    {
        var resolution = Catalog.Resolve(Reference("redis@>=1.0.0"));

        Assert.Equal(TemplateResolutionFailure.AmbiguousRange, resolution.Failure);
        Assert.Equal(3, resolution.Candidates.Length);
    }

    [Fact]
    public void Resolve_UnknownName_FailsWithUnknownTemplate()
    {
        Assert.Equal(TemplateResolutionFailure.UnknownTemplate, Catalog.Resolve(Reference("kafka@1.0.0")).Failure);
    }

    [Fact]
    public void Resolve_MissingExactVersion_FailsWithUnknownVersion()
    {
        Assert.Equal(TemplateResolutionFailure.UnknownVersion, Catalog.Resolve(Reference("redis@1.1.0")).Failure);
    }

    private static TemplateReference Reference(string text)
    {
        Assert.True(TemplateReference.TryParse(text, out var reference));
        return reference;
    }

    private static ResourceTemplate Template(string name, string version, TemplateStatus status = TemplateStatus.Active)
    {
        Assert.True(SemVersion.TryParse(version, out var v));
        return new ResourceTemplate(name, v.Value) { Status = status };
    }
}
