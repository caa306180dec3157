export interface Measurement {
  name: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  note?: string;
}

export type Recorder = (measurement: Measurement) => void;
