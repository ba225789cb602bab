// Writes ../resources/fixtures/itk.txt: what ITK itself computes for the two rules liverseg's
// RandomElasticDeformation and RandomAffine(padValue = otsu) copy from TorchIO 0.20, which calls
// them through SimpleITK:
//  - elastic.*: BSplineTransformInitializer(image, mesh = n - 3) + SetParameters(control points,
//    TorchIO's Fortran-order flattening) + ResampleImageFilter (linear, default = image minimum),
//    on images given as nibabel-style RAS affines (converted to ITK's LPS as TorchIO's nib_to_sitk);
//  - otsu.*: OtsuThresholdImageFilter (128 bins) on a 1 x 1 x N float image, as get_borders_mean.
// Build and run (Debian libinsighttoolkit5-dev, ITK 5.2):
//   g++ -std=c++17 -O1 -I/usr/include/ITK-5.2 itk_anchor.cxx -o /tmp/itk_anchor \
//     -lITKCommon-5.2 -lITKStatistics-5.2 -lITKTransform-5.2 -litkvnl_algo-5.2 -litkvnl-5.2 \
//     -litkv3p_netlib-5.2 -litksys-5.2 -lpthread && /tmp/itk_anchor > ../resources/fixtures/itk.txt
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "itkBSplineTransform.h"
#include "itkBSplineTransformInitializer.h"
#include "itkImage.h"
#include "itkImportImageFilter.h"
#include "itkLinearInterpolateImageFunction.h"
#include "itkOtsuThresholdImageFilter.h"
#include "itkResampleImageFilter.h"
#include "itkVersion.h"

using ImageType = itk::Image<float, 3>;
using TransformType = itk::BSplineTransform<double, 3, 3>;

static void print(const std::string & key, const std::vector<double> & v) {
  std::printf("%s :", key.c_str());
  for (double x : v) std::printf(" %.17g", x);
  std::printf("\n");
}

static ImageType::Pointer makeImage(const int size[3], const double ras[3][4], const std::vector<float> & values) {
  auto image = ImageType::New();
  ImageType::RegionType region;
  ImageType::SizeType sz;
  for (int i = 0; i < 3; i++) sz[i] = size[i];
  region.SetSize(sz);
  image->SetRegions(region);
  image->Allocate();
  ImageType::SpacingType spacing;
  ImageType::PointType origin;
  ImageType::DirectionType direction;
  const double lps[3] = {-1, -1, 1};
  for (int c = 0; c < 3; c++) {
    double n = 0;
    for (int r = 0; r < 3; r++) n += ras[r][c] * ras[r][c];
    spacing[c] = std::sqrt(n);
  }
  for (int r = 0; r < 3; r++) {
    origin[r] = lps[r] * ras[r][3];
    for (int c = 0; c < 3; c++) direction[r][c] = lps[r] * ras[r][c] / spacing[c];
  }
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  std::copy(values.begin(), values.end(), image->GetBufferPointer());
  return image;
}

static void elastic(const std::string & name, const int size[3], const double ras[3][4], const int ncp[3],
                    unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0, 100);
  std::uniform_real_distribution<double> uniform(-3, 3);
  const int n = size[0] * size[1] * size[2];
  std::vector<float> values(n);
  for (auto & v : values) v = static_cast<float>(normal(rng));
  auto image = makeImage(size, ras, values);
  const int points = ncp[0] * ncp[1] * ncp[2];
  std::vector<double> field(3 * points);
  for (auto & f : field) f = uniform(rng);

  auto transform = TransformType::New();
  auto initializer = itk::BSplineTransformInitializer<TransformType, ImageType>::New();
  TransformType::MeshSizeType mesh;
  for (int i = 0; i < 3; i++) mesh[i] = ncp[i] - 3;
  initializer->SetTransform(transform);
  initializer->SetImage(image);
  initializer->SetTransformDomainMeshSize(mesh);
  initializer->InitializeTransform();
  TransformType::ParametersType parameters(field.size());
  for (size_t i = 0; i < field.size(); i++) parameters[i] = field[i];
  transform->SetParametersByValue(parameters);

  float min = values[0];
  for (float v : values) min = std::min(min, v);
  using Resample = itk::ResampleImageFilter<ImageType, ImageType, double>;
  auto resample = Resample::New();
  resample->SetInput(image);
  resample->SetReferenceImage(image);
  resample->UseReferenceImageOn();
  resample->SetTransform(transform);
  resample->SetInterpolator(itk::LinearInterpolateImageFunction<ImageType, double>::New());
  resample->SetDefaultPixelValue(min);
  resample->Update();
  const float * out = resample->GetOutput()->GetBufferPointer();

  print(name + ".shape", {double(size[0]), double(size[1]), double(size[2])});
  std::vector<double> affine;
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 4; c++) affine.push_back(ras[r][c]);
  print(name + ".affine", affine);
  print(name + ".control_points", {double(ncp[0]), double(ncp[1]), double(ncp[2])});
  print(name + ".field", field);
  print(name + ".input", std::vector<double>(values.begin(), values.end()));
  print(name + ".deformed", std::vector<double>(out, out + n));
}

static void otsu(const std::string & name, const std::vector<float> & values) {
  auto image = ImageType::New();
  ImageType::RegionType region;
  ImageType::SizeType sz;
  sz[0] = values.size();
  sz[1] = 1;
  sz[2] = 1;
  region.SetSize(sz);
  image->SetRegions(region);
  image->Allocate();
  std::copy(values.begin(), values.end(), image->GetBufferPointer());
  using Otsu = itk::OtsuThresholdImageFilter<ImageType, itk::Image<unsigned char, 3>>;
  auto filter = Otsu::New();
  filter->SetInput(image);
  filter->SetNumberOfHistogramBins(128);  // SimpleITK's default
  filter->Update();
  print(name + ".values", std::vector<double>(values.begin(), values.end()));
  print(name + ".threshold", {double(filter->GetThreshold())});
}

int main() {
  std::printf("# ITK %s anchors (src/test/itk/itk_anchor.cxx)\n", itk::Version::GetITKVersion());
  const int s1[3] = {9, 8, 6};
  const double oblique[3][4] = {{-0.8425051259965731, -0.42010781911080897, -0.0837564075584907, 12.5},
                                {-0.30664678807944906, 1.1116787797180885, -0.40074714070097855, -30.0},
                                {0.11713993024434337, 0.17095929869700604, 2.4658906655219843, 7.25}};
  const int c1[3] = {5, 6, 5};
  elastic("oblique", s1, oblique, c1, 1);
  const int s2[3] = {7, 5, 6};
  const double permuted[3][4] = {{-1.1, 0, 0, 40}, {0, 0, -2.2, 15}, {0, 1.6, 0, -60}};
  const int c2[3] = {5, 5, 6};
  elastic("permuted", s2, permuted, c2, 2);
  const int s3[3] = {10, 7, 4};
  const double ras[3][4] = {{1.5, 0, 0, -3}, {0, 1.2, 0, 4}, {0, 0, 2.5, 5}};
  const int c3[3] = {7, 6, 4};
  elastic("ras", s3, ras, c3, 3);

  otsu("otsu.three", {0, 0, 0, 0, 50, 50, 50, 50, 100, 100, 100, 100});
  otsu("otsu.border", {10, 10, 10, 10, 10, 10, 10, 10, 1000, 1000, 1000, 1000});
  std::mt19937 rng(4);
  std::normal_distribution<double> a(-800, 60);
  std::normal_distribution<double> b(40, 30);
  std::vector<float> mixed;
  for (int i = 0; i < 300; i++) mixed.push_back(static_cast<float>(a(rng)));
  for (int i = 0; i < 120; i++) mixed.push_back(static_cast<float>(b(rng)));
  otsu("otsu.mixed", mixed);
  std::vector<float> skewed;
  std::exponential_distribution<double> e(0.05);
  for (int i = 0; i < 257; i++) skewed.push_back(static_cast<float>(e(rng) - 3.5));
  otsu("otsu.skewed", skewed);
  otsu("otsu.edge", {0, 0, 0, 0, 50.00390625f, 50.00390625f, 50.00390625f, 50.00390625f, 100, 100, 100, 100});
  otsu("otsu.equal", {3, 3, 3});
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<float> unit;
  for (int i = 0; i < 200; i++) unit.push_back(static_cast<float>(i < 150 ? 0.3 * u(rng) : 0.6 + 0.4 * u(rng)));
  otsu("otsu.unit", unit);
  std::vector<float> tiny;
  for (int i = 0; i < 60; i++) tiny.push_back(static_cast<float>(1e-9 * (i % 3 == 0 ? 5 + u(rng) : u(rng))));
  otsu("otsu.tiny", tiny);
  return 0;
}
