namespace Jamforelse.IndicatorData.Imports;

public sealed class ObservationImporter;
