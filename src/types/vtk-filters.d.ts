// vtk.js 37 ships no declaration for its marching-cubes filter (its image and array classes have theirs); the part
// src/rendering/maskSurface.ts uses.
declare module "@kitware/vtk.js/Filters/General/ImageMarchingCubes.js" {
  import type vtkImageData from "@kitware/vtk.js/Common/DataModel/ImageData.js";
  import type vtkPolyData from "@kitware/vtk.js/Common/DataModel/PolyData.js";
  interface vtkImageMarchingCubes {
    setInputData(data: vtkImageData): void;
    getOutputData(): vtkPolyData;
  }
  const factory: {
    newInstance(initial: { contourValue: number; computeNormals?: boolean; mergePoints?: boolean }): vtkImageMarchingCubes;
  };
  export default factory;
}

// vtk.js 37's windowed-sinc smoother has no declaration either; the part maskSurface uses (its `smooth`).
declare module "@kitware/vtk.js/Filters/General/WindowedSincPolyDataFilter.js" {
  import type vtkPolyData from "@kitware/vtk.js/Common/DataModel/PolyData.js";
  interface vtkWindowedSincPolyDataFilter {
    setInputData(data: vtkPolyData): void;
    getOutputData(): vtkPolyData;
  }
  const factory: {
    newInstance(initial: {
      numberOfIterations?: number;
      passBand?: number;
      boundarySmoothing?: number;
      featureEdgeSmoothing?: number;
      nonManifoldSmoothing?: number;
      normalizeCoordinates?: number;
    }): vtkWindowedSincPolyDataFilter;
  };
  export default factory;
}
