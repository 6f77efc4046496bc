using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.ServiceDefaults;

public static class OptionsValidation
{
    /// <summary>
    /// Binds a section, validates it now (the options decide what gets registered) and again at start-up,
    /// and stops with one message that names every bad setting.
    /// </summary>
    public static T BindValidated<T>(this IHostApplicationBuilder builder, string section) where T : class, new()
    {
        var options = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        ThrowIfInvalid(options, section);
        builder.Services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        return options;
    }

    public static void ThrowIfInvalid(object options, string section)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new InvalidOperationException(
                $"Configuration section '{section}' is invalid: " + string.Join(" ", results.Select(r => r.ErrorMessage)));
        }
    }
}
