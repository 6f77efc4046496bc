using System.Net;
using System.Text.Json;
using Jamforelse.Platform.Tests.Support;
using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jamforelse.Platform.Tests.Health;

/// <summary>A real Kestrel host on a free loopback port, set up as every service sets itself up.</summary>
public sealed class ServiceDefaultsHostTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private WebApplication? _app;
    private HttpClient? _client;

    private HttpClient Client => _client!;

    private static WebApplicationBuilder NewBuilder(string dataFolder, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = dataFolder,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(
            new[] { ("Storage:DataFolder", dataFolder) }.Concat(settings)
                .Select(setting => new KeyValuePair<string, string?>(setting.Item1, setting.Item2)));
        return builder;
    }

    private static WebApplication BuildService(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults("test");
        builder.AddDocumentStore("health-test");
        builder.AddMessaging();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/boom", string () => throw new InvalidOperationException("secret detail of the failure"));
        return app;
    }

    public async Task InitializeAsync()
    {
        _app = BuildService(NewBuilder(_data.Path));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _data.Dispose();
    }

    [Fact]
    public async Task Live_answers_200()
    {
        using var response = await Client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_answers_200_and_lists_the_store_and_the_bus()
    {
        // The bus reports ready once it has started, which may trail the host's start by a moment.
        HttpStatusCode status = default;
        var body = "";
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            using var response = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
            if (status == HttpStatusCode.OK)
            {
                break;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.True(status == HttpStatusCode.OK, $"/health/ready answered {(int)status}: {body}");
        using var report = JsonDocument.Parse(body);
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        var checks = report.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(check => check.GetProperty("name").GetString()!, check => check.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["store:health-test"]);
        var bus = Assert.Single(checks, check => check.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Healthy", bus.Value);
        Assert.True(File.Exists(Path.Combine(_data.Path, "health-test.db")), "the store's file is in Storage:DataFolder");
    }

    [Fact]
    public async Task An_unhandled_exception_becomes_a_problem_json_500_without_details()
    {
        using var response = await Client.GetAsync(new Uri("/boom", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("secret detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_answers_404()
    {
        using var response = await Client.GetAsync(new Uri("/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("Messaging:Transport", "RabbitMq", "Messaging:RabbitMqUri")]
    [InlineData("Messaging:RabbitMqUri", "http://localhost:5672/", "Messaging:RabbitMqUri")]
    [InlineData("Storage:Provider", "MongoDb", "Storage:MongoConnectionString")]
    public async Task Invalid_settings_stop_the_start_up_with_a_message_naming_the_setting(string key, string value, string named)
    {
        using var data = new TempFolder();

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = BuildService(NewBuilder(data.Path, (key, value)));
            await app.StartAsync();
            await app.StopAsync();
        });

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}
