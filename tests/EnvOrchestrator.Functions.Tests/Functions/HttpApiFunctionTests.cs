using System.Text;
using System.Text.Json.Nodes;
using EnvOrchestrator.Functions.Functions;
using EnvOrchestrator.Functions.Tests.Support;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EnvOrchestrator.Functions.Tests.Functions;

/// <summary>
/// The HTTP function runs the self-hosted service's own pipeline: the same requests, sent to the self-hosted service
/// over loopback and to the function as the worker would hand it a request, get the same status, content type and body.
/// </summary>
public sealed class HttpApiFunctionTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    public static TheoryData<string, string, string?> Requests => new()
    {
        { "GET", "/api/health", null },
        { "GET", "/api/templates", null },
        { "GET", "/api/projects/team-a/environments", null },
        { "GET", "/api/projects/team-a/environments/nope", null },
        { "POST", "/api/projects/team-a/environments", """{"name":"Bad Name!","template":"cache-only"}""" },
        { "POST", "/api/projects/team-a/environments", """{"name":"ok-name","template":"cache-only","ttl":"forever"}""" },
        { "POST", "/api/projects/team-a/environments", "not json" },
        { "DELETE", "/api/projects/team-a/environments/nope", null },
        { "GET", "/tfstate/no-such-workspace/state", null },
        { "GET", "/no/such/route", null },
        { "GET", "/", null },
    };

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Requests))]
    public async Task Run_SameRequestAsTheSelfHostedService_SameStatusTypeAndBody(string method, string path, string? body)
    {
        var settings = ServiceSettings.Create(azurite.ConnectionString);
        await using var selfHosted = await InProcessService.StartAsync(settings, output);
        await using var functions = await FunctionsAppHost.StartAsync(settings, output);
        using var http = new HttpClient { BaseAddress = settings.BaseAddress };

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-EnvOrch-User", "alice");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var expected = await http.SendAsync(request);
        var expectedBody = await expected.Content.ReadAsStringAsync();
        var (status, contentType, actualBody) = await InvokeAsync(functions, method, path, body);
        output.WriteLine($"{method} {path}: self-hosted {(int)expected.StatusCode} {expectedBody[..Math.Min(200, expectedBody.Length)]}");
        output.WriteLine($"{method} {path}: function    {status} {actualBody[..Math.Min(200, actualBody.Length)]}");

        Assert.Equal((int)expected.StatusCode, status);
        Assert.Equal(expected.Content.Headers.ContentType?.ToString(), contentType);
        Assert.Equal(Comparable(expectedBody), Comparable(actualBody));
    }

    private static async Task<(int Status, string? ContentType, string Body)> InvokeAsync(FunctionsAppHost functions, string method, string path, string? body)
    {
        await using var scope = functions.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1");
        context.Request.Headers["X-EnvOrch-User"] = "alice";
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json; charset=utf-8";
        }

        using var response = new MemoryStream();
        context.Response.Body = response;
        var client = new RecordingDurableTaskClient();

        var result = await HttpApiFunction.Run(context.Request, client, functions.Invocation(HttpApiFunction.Name));

        Assert.IsType<EmptyResult>(result);
        return (context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(response.ToArray()));
    }

    // Values that differ between any two calls: the time, the trace id.
    private static string Comparable(string body)
    {
        if (body.Length == 0 || body[0] is not ('{' or '['))
        {
            return body;
        }

        var node = JsonNode.Parse(body)!;
        if (node is JsonObject o)
        {
            o.Remove("traceId");
            o.Remove("time");
        }

        return node.ToJsonString();
    }
}
